/**
 * The time-series charts of a trip or a day from one series answer: speed, fuel used since the
 * start (the fuel counter's increase), the tank's gas mass with the refuels marked, comfort (av of
 * seat and floor, ISO 2631-1 total value from the three axes), cabin climate (temperature and
 * CO2) and noise. The API already downsamples (maxPoints, energy averages for dB and aw); the
 * charts decimate again to the screen's width (LTTB).
 */
import { totalVibrationValue } from '../../../../../libs/domain/src/iso2631';
import type { Refuel, Series, SeriesPoint } from '../api/fleet';
import { t } from '../i18n';
import { COLOURS, timeChart, type ChartBox, type XY } from './charts';
import { isNumber } from './format';

const xy = (points: SeriesPoint[], value: (p: SeriesPoint) => number | null | undefined): XY[] =>
  points.map((p) => {
    const y = value(p);
    return { x: Date.parse(p.ts), y: isNumber(y) ? y : null };
  });

const av = (p: SeriesPoint, where: 'seat' | 'floor'): number | null => {
  const x = p[`${where}Awx`],
    y = p[`${where}Awy`],
    z = p[`${where}Awz`];
  return isNumber(x) && isNumber(y) && isNumber(z) ? totalVibrationValue({ awx: x, awy: y, awz: z }) : null;
};

export function seriesCharts(
  series: Series,
  options: { fileStem: string; fuelUnit: 'kg' | 'L'; refuels?: Refuel[]; window?: { from: number; to: number } },
): ChartBox[] {
  const p = series.points;
  const x = options.window ? { xMin: options.window.from, xMax: options.window.to } : {};
  const first = p.find((x) => isNumber(x.fuelCounter))?.fuelCounter ?? null;
  const png = t('chart.png');
  const desc = (what: string) => t('chart.description', { what, n: p.length, bucket: series.bucketSeconds });
  const charts: ChartBox[] = [
    timeChart({
      ...x,
      title: t('chart.speed'),
      description: desc(t('chart.speed')),
      fileName: `${options.fileStem}-speed`,
      pngLabel: png,
      yLabel: 'km/h',
      series: [{ label: t('chart.speed'), colour: COLOURS[0], points: xy(p, (x) => x.speedKmh) }],
    }),
    timeChart({
      ...x,
      title: t('chart.fuelUsed', { unit: options.fuelUnit }),
      description: desc(t('chart.fuelUsed', { unit: options.fuelUnit })),
      fileName: `${options.fileStem}-fuel`,
      pngLabel: png,
      yLabel: options.fuelUnit,
      series: [
        {
          label: t('chart.fuelUsed', { unit: options.fuelUnit }),
          colour: COLOURS[1],
          points: xy(p, (x) => (isNumber(x.fuelCounter) && isNumber(first) ? x.fuelCounter - first : null)),
        },
      ],
    }),
  ];
  if (p.some((x) => isNumber(x.tankMassKg))) {
    const refuels = (options.refuels ?? []).filter((r) => isNumber(r.massAfterKg));
    charts.push(
      timeChart({
        ...x,
        title: t('chart.tank'),
        description: `${desc(t('chart.tank'))} ${t('chart.refuels', { n: refuels.length })}`,
        fileName: `${options.fileStem}-tank`,
        pngLabel: png,
        yLabel: 'kg',
        series: [
          { label: t('chart.tank'), colour: COLOURS[0], points: xy(p, (x) => x.tankMassKg) },
          {
            label: t('chart.refuel'),
            colour: COLOURS[4],
            markers: true,
            points: refuels.map((r) => ({ x: Date.parse(r.ts), y: r.massAfterKg })),
          },
        ],
      }),
    );
  }
  charts.push(
    timeChart({
      ...x,
      title: t('chart.comfort'),
      description: desc(t('chart.comfort')),
      fileName: `${options.fileStem}-comfort`,
      pngLabel: png,
      yLabel: 'av (m/s²)',
      series: [
        { label: t('chart.seat'), colour: COLOURS[3], points: xy(p, (x) => av(x, 'seat')) },
        { label: t('chart.floor'), colour: COLOURS[2], points: xy(p, (x) => av(x, 'floor')) },
      ],
    }),
    timeChart({
      ...x,
      title: t('chart.climate'),
      description: desc(t('chart.climate')),
      fileName: `${options.fileStem}-climate`,
      pngLabel: png,
      yLabel: '°C',
      yRightLabel: 'CO2 (ppm)',
      series: [
        { label: t('chart.cabinTemp'), colour: COLOURS[1], points: xy(p, (x) => x.cabinTempC) },
        { label: 'CO2', colour: COLOURS[5], right: true, points: xy(p, (x) => x.cabinCo2Ppm) },
      ],
    }),
    timeChart({
      ...x,
      title: t('chart.noise'),
      description: desc(t('chart.noise')),
      fileName: `${options.fileStem}-noise`,
      pngLabel: png,
      yLabel: 'dB(A)',
      series: [
        { label: t('chart.cabinNoise'), colour: COLOURS[0], points: xy(p, (x) => x.cabinNoiseDbA) },
        { label: t('chart.driverNoise'), colour: COLOURS[4], points: xy(p, (x) => x.driverNoiseDbA) },
      ],
    }),
  );
  return charts;
}
