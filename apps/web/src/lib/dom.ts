/** Tiny DOM helpers. Text is only ever set with textContent: user text can never become HTML. */
type Attrs = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Array<Node | string | null | undefined | false>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children)
    if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Mouths from very bad (1) to very good (5). */
const MOUTHS = ['M28 76 Q50 52 72 76', 'M32 72 Q50 63 68 72', 'M32 67 L68 67', 'M31 61 Q50 75 69 61', 'M27 57 Q50 88 73 57 Z'];

/** A smiley, decorative (aria-hidden): the button's visible text label names the level. */
export function face(score: number): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 100 100');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('face', `face-${score}`);
  const circle = document.createElementNS(SVG_NS, 'circle');
  circle.setAttribute('cx', '50');
  circle.setAttribute('cy', '50');
  circle.setAttribute('r', '45');
  circle.setAttribute('class', 'face-bg');
  svg.append(circle);
  for (const cx of ['35', '65']) {
    const eye = document.createElementNS(SVG_NS, 'circle');
    eye.setAttribute('cx', cx);
    eye.setAttribute('cy', '40');
    eye.setAttribute('r', '6');
    eye.setAttribute('class', 'face-ink');
    svg.append(eye);
  }
  const mouth = document.createElementNS(SVG_NS, 'path');
  mouth.setAttribute('d', MOUTHS[score - 1]);
  mouth.setAttribute('class', 'face-mouth');
  svg.append(mouth);
  return svg;
}
