/**
 * The live line diagram: line 101's stops in order as plain SVG (no map tiles: nothing to fetch
 * offline), one track per direction, the coaches placed by their distance along the line. Stops
 * are evenly spaced (a schematic, so the five Lunel stops stay readable); a coach between two
 * stops is placed in proportion of its distance between them.
 */
import type { LineGeometry } from './line-geometry';

const NS = 'http://www.w3.org/2000/svg';
const W = 1000;
const LEFT = 45;
const RIGHT = 70;
const TRACK_Y = [118, 178] as const;
const H = 212;

const svg = <K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] => {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
};

export interface CoachMark {
  vehicleId: string;
  distM: number | null;
  /** null: direction unknown (no trip in progress), drawn on the direction-0 track, hollow. */
  direction: 0 | 1 | null;
  online: boolean;
  fuelType: 'cng' | 'diesel';
}

export interface DiagramTexts {
  title: string;
  /** Labels of the two tracks (direction 0, direction 1). */
  directions: readonly [string, string];
}

export class LineDiagram {
  readonly element: SVGSVGElement;
  private readonly coaches = new Map<string, SVGGElement>();
  private readonly xs: number[];

  constructor(
    private readonly g: LineGeometry,
    texts: DiagramTexts,
  ) {
    const n = g.stops.length;
    this.xs = g.stops.map((_, i) => LEFT + (i * (W - LEFT - RIGHT)) / (n - 1));
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'line-diagram', 'aria-labelledby': 'line-diagram-title' });
    root.append(svg('title', { id: 'line-diagram-title' }, texts.title));
    TRACK_Y.forEach((y, d) => {
      root.append(svg('line', { x1: this.xs[0], y1: y, x2: this.xs[n - 1], y2: y, class: `track track-${d}` }));
      root.append(
        svg('text', { x: LEFT, y: y + 24, class: 'track-label' }, d === 0 ? `${texts.directions[0]} →` : `← ${texts.directions[1]}`),
      );
    });
    g.stops.forEach((s, i) => {
      const x = this.xs[i];
      for (const y of TRACK_Y) root.append(svg('circle', { cx: x, cy: y, r: 5, class: `stop${s.extension ? ' stop-extension' : ''}` }));
      const label = svg(
        'text',
        { x, y: TRACK_Y[0] - 26, class: 'stop-label', transform: `rotate(-38 ${x} ${TRACK_Y[0] - 26})` },
        shortName(s.name),
      );
      root.append(label);
    });
    this.element = root;
  }

  /** x of a distance along the line, between its two neighbouring stops. */
  xOf(distM: number): number {
    const s = this.g.stops;
    if (distM <= s[0].distM) return this.xs[0];
    for (let i = 1; i < s.length; i++) {
      if (distM <= s[i].distM)
        return this.xs[i - 1] + ((distM - s[i - 1].distM) / (s[i].distM - s[i - 1].distM)) * (this.xs[i] - this.xs[i - 1]);
    }
    return this.xs[s.length - 1];
  }

  place(c: CoachMark): void {
    let mark = this.coaches.get(c.vehicleId);
    if (!mark) {
      mark = svg('g', { class: 'coach', 'data-vehicle': c.vehicleId });
      mark.append(
        svg('rect', { x: -30, y: -11, width: 60, height: 22, rx: 6 }),
        svg('text', { x: 0, y: 5, 'text-anchor': 'middle' }, c.vehicleId),
      );
      this.element.append(mark);
      this.coaches.set(c.vehicleId, mark);
    }
    mark.setAttribute(
      'class',
      `coach coach-${c.fuelType}${c.online ? '' : ' coach-offline'}${c.direction === null ? ' coach-no-trip' : ''}`,
    );
    if (c.distM === null) {
      mark.setAttribute('visibility', 'hidden');
      return;
    }
    mark.removeAttribute('visibility');
    const y = TRACK_Y[c.direction ?? 0];
    // Two coaches at the same place on the same track: the second sits just above.
    const lift = [...this.coaches.entries()].some(
      ([id, m]) =>
        id < c.vehicleId &&
        m.getAttribute('data-track') === String(c.direction ?? 0) &&
        Math.abs(Number(m.getAttribute('data-x')) - this.xOf(c.distM!)) < 60,
    )
      ? -24
      : 0;
    const x = this.xOf(c.distM);
    mark.setAttribute('data-x', x.toFixed(1));
    mark.setAttribute('data-track', String(c.direction ?? 0));
    mark.setAttribute('data-dist-m', c.distM.toFixed(0));
    mark.setAttribute('transform', `translate(${x.toFixed(1)} ${y + lift})`);
  }
}

/** "Castelnau-le-Lez, P+R Notre-Dame de Sablassou" → "Sablassou"-like short labels. */
export function shortName(name: string): string {
  const part = name.includes(', ') ? name.slice(name.indexOf(', ') + 2) : name;
  const town = name.includes(', ') ? name.slice(0, name.indexOf(', ')) : '';
  if (part === 'Centre') return town;
  return part.replace('P+R Notre-Dame de ', '').replace('Bd ', '');
}
