/**
 * Simple pictures for the school page, drawn as inline SVG (no text inside: the words are HTML,
 * in the page's language). Each returns a role="img" SVG labelled by the caller's words.
 */
import { escapeHtml } from './html';

const GREEN = '#17795a';
const GREY = '#4a5561';
const SKY = '#dff1fb';

const svg = (w: number, h: number, label: string, body: string, id: string, size: 'small' | 'medium' | 'large' = 'large') =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-labelledby="${id}" focusable="false" class="art art-${size}"><title id="${id}">${escapeHtml(label)}</title>${body}</svg>`;

/** The coach side on, eight gas bottles on its roof. */
export function coachArt(label: string, colour = GREEN, bottles = true): string {
  const cylinders = bottles
    ? Array.from(
        { length: 8 },
        (_, i) => `<rect x="${78 + i * 30}" y="14" width="26" height="22" rx="11" fill="#e9eef2" stroke="${GREY}" stroke-width="2"/>`,
      ).join('')
    : '';
  const windows = Array.from(
    { length: 6 },
    (_, i) => `<rect x="${96 + i * 44}" y="52" width="36" height="34" rx="4" fill="#ffffff"/>`,
  ).join('');
  return svg(
    420,
    190,
    label,
    [
      `<rect x="0" y="0" width="420" height="190" fill="${SKY}" rx="14"/>`,
      `<rect x="0" y="160" width="420" height="30" fill="#9aa5ae" rx="0"/>`,
      `<rect x="40" y="148" width="340" height="4" fill="#ffffff"/>`,
      cylinders,
      `<rect x="30" y="36" width="360" height="110" rx="18" fill="${colour}"/>`,
      `<rect x="38" y="52" width="48" height="52" rx="6" fill="#ffffff"/>`,
      windows,
      `<rect x="30" y="112" width="360" height="8" fill="#ffffff" opacity="0.6"/>`,
      `<circle cx="95" cy="148" r="22" fill="#222"/><circle cx="95" cy="148" r="9" fill="#bbb"/>`,
      `<circle cx="325" cy="148" r="22" fill="#222"/><circle cx="325" cy="148" r="9" fill="#bbb"/>`,
      `<rect x="380" y="92" width="12" height="16" rx="3" fill="#f4c542"/>`,
    ].join(''),
    'art-coach',
  );
}

/** A road from one town to another, with the coach on it. */
export function roadArt(label: string): string {
  return svg(
    420,
    150,
    label,
    [
      `<rect width="420" height="150" fill="${SKY}" rx="14"/>`,
      `<path d="M30 120 C 120 40, 200 140, 290 70 S 380 40, 395 40" fill="none" stroke="#7a858f" stroke-width="22" stroke-linecap="round"/>`,
      `<path d="M30 120 C 120 40, 200 140, 290 70 S 380 40, 395 40" fill="none" stroke="#ffffff" stroke-width="3" stroke-dasharray="12 10"/>`,
      `<circle cx="30" cy="120" r="12" fill="${GREEN}"/>`,
      `<path d="M392 40 v-34 h24 l-8 8 l8 8 h-24" fill="#d9534f" stroke="#7a1f1b" stroke-width="2"/>`,
      `<rect x="180" y="74" width="58" height="26" rx="7" fill="${GREEN}"/><circle cx="192" cy="101" r="6" fill="#222"/><circle cx="226" cy="101" r="6" fill="#222"/>`,
      `<rect x="186" y="80" width="12" height="9" fill="#fff"/><rect x="202" y="80" width="12" height="9" fill="#fff"/><rect x="218" y="80" width="12" height="9" fill="#fff"/>`,
    ].join(''),
    'art-road',
  );
}

/** A fuel pump with a gas nozzle. */
export function pumpArt(label: string): string {
  return svg(
    160,
    160,
    label,
    [
      `<rect width="160" height="160" fill="${SKY}" rx="14"/>`,
      `<rect x="40" y="30" width="56" height="106" rx="8" fill="${GREEN}"/>`,
      `<rect x="50" y="42" width="36" height="26" rx="4" fill="#fff"/>`,
      `<rect x="32" y="132" width="72" height="10" rx="3" fill="${GREY}"/>`,
      `<path d="M96 60 h16 a8 8 0 0 1 8 8 v46 a8 8 0 0 0 16 0 v-50 l-12 -12" fill="none" stroke="${GREY}" stroke-width="6" stroke-linecap="round"/>`,
    ].join(''),
    'art-pump',
    'small',
  );
}

/** CO2 clouds, their area in proportion to the values (largest first). */
export function cloudsArt(label: string, values: Array<{ value: number; colour: string }>): string {
  const max = Math.max(1e-9, ...values.map((v) => v.value));
  const cell = 150;
  const clouds = values
    .map((v, i) => {
      const s = Math.sqrt(Math.max(0, v.value) / max);
      const cx = cell / 2 + i * cell,
        cy = 90;
      const r = 60 * s;
      if (r < 1) return `<circle cx="${cx}" cy="${cy}" r="3" fill="${v.colour}"/>`;
      return `<g fill="${v.colour}"><circle cx="${(cx - r * 0.6).toFixed(1)}" cy="${(cy + r * 0.15).toFixed(1)}" r="${(r * 0.55).toFixed(1)}"/><circle cx="${cx.toFixed(1)}" cy="${(cy - r * 0.2).toFixed(1)}" r="${(r * 0.7).toFixed(1)}"/><circle cx="${(cx + r * 0.62).toFixed(1)}" cy="${(cy + r * 0.12).toFixed(1)}" r="${(r * 0.52).toFixed(1)}"/><rect x="${(cx - r * 1.1).toFixed(1)}" y="${(cy + r * 0.1).toFixed(1)}" width="${(r * 2.2).toFixed(1)}" height="${(r * 0.55).toFixed(1)}" rx="${(r * 0.27).toFixed(1)}"/></g>`;
    })
    .join('');
  return svg(
    cell * values.length,
    170,
    label,
    `<rect width="${cell * values.length}" height="170" fill="${SKY}" rx="14"/>${clouds}`,
    'art-clouds',
  );
}

/** Ten people, the first `filled` of them smiling and coloured. */
export function peopleArt(label: string, filled: number): string {
  const people = Array.from({ length: 10 }, (_, i) => {
    const x = 20 + i * 40;
    const on = i < filled;
    const c = on ? GREEN : '#b8c0c7';
    return `<g><circle cx="${x + 12}" cy="30" r="11" fill="${c}"/><rect x="${x}" y="44" width="24" height="40" rx="10" fill="${c}"/>${on ? `<path d="M${x + 7} 31 q5 6 10 0" stroke="#fff" stroke-width="2" fill="none"/>` : ''}</g>`;
  }).join('');
  return svg(420, 100, label, `<rect width="420" height="100" fill="${SKY}" rx="14"/>${people}`, 'art-people');
}

/** A loudspeaker with fewer sound waves for the quieter coach. */
export function quietArt(label: string): string {
  return svg(
    300,
    120,
    label,
    [
      `<rect width="300" height="120" fill="${SKY}" rx="14"/>`,
      `<path d="M30 45 h20 l24 -20 v70 l-24 -20 h-20 z" fill="${GREY}"/>`,
      `<path d="M86 44 q12 16 0 32 M98 34 q22 26 0 52 M110 24 q32 36 0 72" stroke="${GREY}" stroke-width="6" fill="none" stroke-linecap="round"/>`,
      `<path d="M180 45 h20 l24 -20 v70 l-24 -20 h-20 z" fill="${GREEN}"/>`,
      `<path d="M236 44 q12 16 0 32" stroke="${GREEN}" stroke-width="6" fill="none" stroke-linecap="round"/>`,
    ].join(''),
    'art-quiet',
    'medium',
  );
}
