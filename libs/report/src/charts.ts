/**
 * Charts as vector SVG: chart.js 4 drawn on an @napi-rs/canvas SVG canvas with text converted to
 * paths, so the same SVG goes inline into the HTML and into the PDF and needs no font to display.
 * Deterministic: no animation, no events, fixed size and font; the canvas's clip-path ids (a
 * process-wide counter) are renamed after the chart, and coordinates rounded to 0.1 px, so one
 * spec always gives the same bytes.
 */
import { createCanvas, SvgExportFlag } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type Plugin } from 'chart.js';
import { FONT_FAMILY, registerChartFonts } from './fonts';

Chart.register(...registerables);

export interface ChartDataset {
  label: string;
  data: (number | null)[];
  color: string;
  /** Interval per point, drawn as a whisker (bar charts). */
  intervals?: Array<[number, number] | null>;
  dashed?: boolean;
}

export interface ChartSpec {
  id: string;
  type: 'bar' | 'line';
  width: number;
  height: number;
  labels: string[];
  datasets: ChartDataset[];
  horizontal?: boolean;
  stacked?: boolean;
  xTitle?: string;
  yTitle?: string;
  yMin?: number;
  yMax?: number;
  /** Values are shares: the value axis reads in percent. */
  percent?: boolean;
  /** Intl locale of the axis numbers. */
  locale: string;
}

export const PALETTE = {
  candidate: '#17795a',
  reference: '#4a5561',
  accent: '#b35900',
  blue: '#2b5ea8',
  light: '#8fc9b2',
  grid: '#d5d9dd',
  text: '#1f2328',
} as const;

/** Whiskers for the datasets' intervals, drawn over the bars. */
const intervalPlugin: Plugin<'bar' | 'line'> = {
  id: 'intervals',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const horizontal = (chart.options as { indexAxis?: string }).indexAxis === 'y';
    const valueScale = chart.scales[horizontal ? 'x' : 'y'];
    chart.data.datasets.forEach((ds, i) => {
      const intervals = (ds as unknown as { intervals?: Array<[number, number] | null> }).intervals;
      if (!intervals) return;
      const meta = chart.getDatasetMeta(i);
      meta.data.forEach((el, j) => {
        const iv = intervals[j];
        if (!iv) return;
        const pos = horizontal ? el.y : el.x;
        const a = valueScale.getPixelForValue(iv[0]);
        const b = valueScale.getPixelForValue(iv[1]);
        const cap = 5;
        ctx.save();
        ctx.strokeStyle = PALETTE.text;
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        if (horizontal) {
          ctx.moveTo(a, pos);
          ctx.lineTo(b, pos);
          ctx.moveTo(a, pos - cap);
          ctx.lineTo(a, pos + cap);
          ctx.moveTo(b, pos - cap);
          ctx.lineTo(b, pos + cap);
        } else {
          ctx.moveTo(pos, a);
          ctx.lineTo(pos, b);
          ctx.moveTo(pos - cap, a);
          ctx.lineTo(pos + cap, a);
          ctx.moveTo(pos - cap, b);
          ctx.lineTo(pos + cap, b);
        }
        ctx.stroke();
        ctx.restore();
      });
    });
  },
};

/** A white page under the chart (the SVG is otherwise transparent). */
const backgroundPlugin: Plugin<'bar' | 'line'> = {
  id: 'background',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

function config(spec: ChartSpec): ChartConfiguration<'bar' | 'line'> {
  const pct = new Intl.NumberFormat(spec.locale, { style: 'percent', maximumFractionDigits: 0 });
  const num = new Intl.NumberFormat(spec.locale, { maximumFractionDigits: 2 });
  const tick = (v: number | string) => (typeof v === 'number' ? (spec.percent ? pct.format(v) : num.format(v)).replace(/-/g, '\u2212') : v);
  const valueAxis = {
    stacked: spec.stacked,
    min: spec.yMin,
    max: spec.yMax,
    beginAtZero: spec.type === 'bar',
    grid: { color: PALETTE.grid },
    ticks: { color: PALETTE.text, callback: tick },
    title: { display: !!spec.yTitle, text: spec.yTitle ?? '', color: PALETTE.text },
  };
  const indexAxis = {
    stacked: spec.stacked,
    grid: { display: false },
    ticks: { color: PALETTE.text, autoSkip: false, maxRotation: 0 },
    title: { display: !!spec.xTitle, text: spec.xTitle ?? '', color: PALETTE.text },
  };
  return {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: spec.datasets.map((d) => ({
        label: d.label,
        data: d.data,
        backgroundColor: d.color,
        borderColor: d.color,
        borderWidth: spec.type === 'line' ? 2.5 : 0,
        borderDash: d.dashed ? [6, 4] : undefined,
        pointRadius: spec.type === 'line' ? 3 : undefined,
        spanGaps: false,
        intervals: d.intervals,
      })) as never,
    },
    options: {
      animation: false,
      responsive: false,
      devicePixelRatio: 1,
      events: [],
      locale: spec.locale,
      indexAxis: spec.horizontal ? 'y' : 'x',
      layout: { padding: { top: 6, right: 14, bottom: 4, left: 4 } },
      font: { family: FONT_FAMILY, size: 13 },
      scales: spec.horizontal ? { x: valueAxis, y: indexAxis } : { x: indexAxis, y: valueAxis },
      plugins: {
        legend: { display: spec.datasets.length > 1, position: 'top', labels: { color: PALETTE.text, boxWidth: 14 } },
        tooltip: { enabled: false },
      },
    } as never,
    plugins: [backgroundPlugin, intervalPlugin],
  };
}

/** Makes the canvas's SVG deterministic, compact and embeddable: ids after the chart, rounded coordinates, a viewBox. */
export function tidySvg(raw: string, id: string, width: number, height: number): string {
  const ids = new Map<string, string>();
  let s = raw.replace(/<\?xml[^>]*>\s*/, '');
  s = s.replace(/id="([^"]+)"/g, (_, old: string) => {
    const fresh = `${id}-c${ids.size + 1}`;
    ids.set(old, fresh);
    return `id="${fresh}"`;
  });
  s = s.replace(/url\(#([^)]+)\)/g, (m, old: string) => (ids.has(old) ? `url(#${ids.get(old)})` : m));
  s = s
    .replace(/(\d+\.\d)\d+/g, '$1')
    .replace(/(\d)\.0(?!\d)/g, '$1')
    .replace(/>\s+</g, '><');
  s = s.replace(
    /<svg [^>]*>/,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
  );
  return s.trim();
}

/** One chart → its SVG (text as paths). */
export function renderChart(spec: ChartSpec): string {
  registerChartFonts();
  Chart.defaults.font.family = FONT_FAMILY;
  const canvas = createCanvas(spec.width, spec.height, SvgExportFlag.ConvertTextToPaths);
  const ctx = canvas.getContext('2d');
  // Without animation the constructor renders once, synchronously (a draw() here would paint twice).
  const chart = new Chart(ctx as unknown as CanvasRenderingContext2D, config(spec));
  const svg = canvas.getContent().toString('utf8');
  chart.destroy();
  return tidySvg(svg, spec.id, spec.width, spec.height);
}
