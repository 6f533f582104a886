/**
 * chart.js with only what the dashboard draws (line and scatter series on linear axes, interval
 * bars on a category axis, the decimation plugin, tooltips and legends): the rest of chart.js is
 * left out of the bundle. Time axes are linear in epoch milliseconds, labelled in Europe/Paris by
 * lib/format (no date adapter needed). Every chart has a PNG download (canvas.toBlob).
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Decimation,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
} from 'chart.js';
import { h } from '../../lib/dom';
import { num, time } from './format';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  CategoryScale,
  BarController,
  BarElement,
  ScatterController,
  Decimation,
  Tooltip,
  Legend,
);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif';
Chart.defaults.color = '#14202b';
Chart.defaults.animation = false;

/** Colours with ≥ 3:1 contrast on white (WCAG 1.4.11), one per coach, then others. */
export const COLOURS = ['#0a4f8a', '#b34700', '#1f6b2a', '#6a2c91', '#a4161a', '#44525f'];
export const vehicleColour = (vehicleId: string): string =>
  vehicleId.startsWith('DSL') ? COLOURS[1] : vehicleId.startsWith('GNV') ? COLOURS[0] : COLOURS[3];

export interface XY {
  x: number;
  y: number | null;
}

export interface TimeChartSeries {
  label: string;
  points: XY[];
  colour: string;
  /** Second y axis (right), e.g. CO2 beside temperature. */
  right?: boolean;
  /** Markers only (refuels). */
  markers?: boolean;
}

export interface ChartBox {
  figure: HTMLElement;
  chart: Chart;
  canvas: HTMLCanvasElement;
}

const charts = new Set<Chart>();
/** Every chart of the current page is destroyed when the page changes. */
export function destroyCharts(): void {
  for (const c of charts) c.destroy();
  charts.clear();
}

/**
 * A figure: heading, canvas (with a text alternative) and a PNG download link. `fileName` without
 * extension.
 */
function figure(
  title: string,
  description: string,
  fileName: string,
  pngLabel: string,
  config: ChartConfiguration,
  height = 260,
): ChartBox {
  const canvas = h('canvas', { role: 'img', 'aria-label': `${title}. ${description}` });
  canvas.textContent = description;
  const wrap = h('div', { class: 'chart-wrap', style: `height:${height}px` }, canvas);
  const png = h('button', { type: 'button', class: 'link-button', 'data-action': 'png' }, pngLabel);
  const fig = h('figure', { class: 'chart' }, h('figcaption', {}, h('span', { class: 'chart-title' }, title), png), wrap);
  const chart = new Chart(canvas, config);
  charts.add(chart);
  png.addEventListener('click', () => downloadPng(canvas, `${fileName}.png`));
  return { figure: fig, chart, canvas };
}

/** Saves the canvas as a PNG file, on a white background (a transparent PNG reads badly). */
export function downloadPng(canvas: HTMLCanvasElement, fileName: string): void {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, copy.width, copy.height);
  ctx.drawImage(canvas, 0, 0);
  copy.toBlob((blob) => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: fileName, class: 'visually-hidden' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }, 'image/png');
}

export interface TimeChartOptions {
  title: string;
  description: string;
  fileName: string;
  pngLabel: string;
  yLabel: string;
  yRightLabel?: string;
  series: TimeChartSeries[];
  /** LTTB decimation target on screen. */
  samples?: number;
  height?: number;
  /** The x range (epoch ms); default: the data's, widened to whole ticks. */
  xMin?: number;
  xMax?: number;
}

const MINUTE = 60_000;
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360].map((m) => m * MINUTE);

/**
 * Whole-minute or whole-hour ticks over [min, max], at most about 9 of them. Paris is a whole
 * number of hours from UTC, so ticks aligned on UTC multiples fall on Paris hours too.
 */
export function timeTicks(min: number, max: number): { min: number; max: number; stepSize: number } {
  const span = Math.max(MINUTE, max - min);
  const stepSize = STEPS.find((s) => span / s <= 9) ?? STEPS[STEPS.length - 1];
  return { min: Math.floor(min / stepSize) * stepSize, max: Math.ceil(max / stepSize) * stepSize, stepSize };
}

/** A time-series chart (x: epoch ms shown as Paris time), decimated by LTTB above `samples` points. */
export function timeChart(o: TimeChartOptions): ChartBox {
  const datasets: ChartDataset<'line', XY[]>[] = o.series.map((s) => ({
    label: s.label,
    data: s.points,
    borderColor: s.colour,
    backgroundColor: s.colour,
    borderWidth: s.markers ? 0 : 1.5,
    pointRadius: s.markers ? 6 : 0,
    pointStyle: s.markers ? 'triangle' : 'circle',
    showLine: !s.markers,
    spanGaps: false,
    yAxisID: s.right ? 'y1' : 'y',
    parsing: false,
    normalized: true,
  }));
  const xs = o.series.flatMap((s) => s.points.map((p) => p.x));
  const ticks = timeTicks(o.xMin ?? Math.min(...xs), o.xMax ?? Math.max(...xs));
  const config: ChartConfiguration<'line', XY[]> = {
    type: 'line',
    data: { datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: {
        decimation: { enabled: true, algorithm: 'lttb', samples: o.samples ?? 600, threshold: o.samples ?? 600 },
        legend: { display: o.series.length > 1, labels: { boxWidth: 14 } },
        tooltip: { callbacks: { title: (items) => (items[0] ? time(items[0].parsed.x as number) : '') } },
      },
      scales: {
        x: {
          type: 'linear',
          min: ticks.min,
          max: ticks.max,
          ticks: { stepSize: ticks.stepSize, callback: (v) => time(Number(v), false), maxRotation: 0 },
        },
        y: { type: 'linear', title: { display: true, text: o.yLabel }, ticks: { callback: (v) => num(Number(v), 2) } },
        ...(o.yRightLabel
          ? {
              y1: {
                type: 'linear' as const,
                position: 'right' as const,
                title: { display: true, text: o.yRightLabel },
                grid: { drawOnChartArea: false },
              },
            }
          : {}),
      },
    },
  };
  return figure(o.title, o.description, o.fileName, o.pngLabel, config as unknown as ChartConfiguration, o.height);
}

export interface IntervalItem {
  label: string;
  estimate: number | null;
  low: number | null;
  high: number | null;
  colour: string;
}

export interface IntervalChartOptions {
  title: string;
  description: string;
  fileName: string;
  pngLabel: string;
  axisLabel: string;
  items: IntervalItem[];
  /** A reference line (0 for differences). */
  zero?: boolean;
  min?: number;
  max?: number;
  height?: number;
}

/** Estimates with their intervals, horizontal: a floating bar from low to high and a dot at the estimate. */
export function intervalChart(o: IntervalChartOptions): ChartBox {
  const labels = o.items.map((i) => i.label);
  const config: ChartConfiguration = {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          type: 'bar',
          label: 'interval',
          data: o.items.map((i) => (i.low !== null && i.high !== null ? [i.low, i.high] : null)) as unknown as number[],
          backgroundColor: o.items.map((i) => `${i.colour}55`),
          borderColor: o.items.map((i) => i.colour),
          borderWidth: 1.5,
          barPercentage: 0.35,
          categoryPercentage: 0.9,
        },
        {
          type: 'scatter',
          label: 'estimate',
          data: o.items.map((i) => ({ x: i.estimate, y: i.label })) as unknown as number[],
          backgroundColor: o.items.map((i) => i.colour),
          borderColor: '#14202b',
          pointRadius: 6,
          pointStyle: 'rectRot',
        },
      ],
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (c) => {
              const it = o.items[c.dataIndex];
              return `${num(it.estimate, 3)} [${num(it.low, 3)} ; ${num(it.high, 3)}]`;
            },
          },
        },
      },
      scales: {
        x: {
          type: 'linear',
          min: o.min,
          max: o.max,
          title: { display: true, text: o.axisLabel },
          grid: {
            color: (c) => (o.zero && c.tick.value === 0 ? '#14202b' : '#d7dde3'),
            lineWidth: (c) => (o.zero && c.tick.value === 0 ? 2 : 1),
          },
        },
        y: { type: 'category' },
      },
    },
  };
  return figure(o.title, o.description, o.fileName, o.pngLabel, config, o.height ?? Math.max(140, 30 * o.items.length + 70));
}
