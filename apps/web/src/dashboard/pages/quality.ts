/**
 * Data quality (GET /api/v1/data-quality with its feedback block; for engineers also
 * /data-quality/dead-letters, /data-quality/devices and /sensor-checks): per coach and day the telemetry's coverage, gaps,
 * duplicates, dead letters, inferred trips and sensor-check disagreements, and the feedback's
 * completeness (answers received, known missing from the devices' own numbering).
 */
import { h } from '../../lib/dom';
import {
  dataQuality,
  deadLetters,
  devices,
  sensorChecks,
  type DataQualityRow,
  type DeadLetterCount,
  type DeviceCompleteness,
  type SensorCheckRow,
} from '../api/analytics';
import { csvUrl } from '../api/http';
import { t } from '../i18n';
import { dateTime, day, num, pct } from '../lib/format';
import { dataTable } from '../lib/table';
import { fill, heading, periodForm, periodOf, section, vehicleIds, type PageContext } from '../page';
import { seesIndividuals } from '../routes';

export async function render(ctx: PageContext): Promise<void> {
  const period = periodOf(ctx.query);
  const days = h('div');
  const dead = h('div');
  const devs = h('div');
  const checks = h('div');
  ctx.main.append(heading(t('nav.quality'), t('quality.intro')), periodForm(ctx, period, { vehicles: await vehicleIds(ctx) }), days);
  const engineer = seesIndividuals(ctx.me);
  if (engineer) ctx.main.append(dead, devs, checks);
  await Promise.all([
    fill(days, async () => daysView(await dataQuality(period), period)),
    engineer ? fill(dead, async () => deadLettersView(await deadLetters(period), period)) : Promise.resolve(),
    engineer ? fill(devs, async () => devicesView(await devices(period), period)) : Promise.resolve(),
    engineer ? fill(checks, async () => checksView(await sensorChecks(period), period)) : Promise.resolve(),
  ]);
}

function daysView(rows: DataQualityRow[], period: { from: string; to: string; vehicleId?: string }): Node[] {
  const total = (f: (r: DataQualityRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const totals = h(
    'dl',
    { class: 'facts facts-wide' },
    h('dt', {}, t('quality.deadLetters')),
    h(
      'dd',
      {},
      num(
        total((r) => r.deadLetters),
        0,
      ),
    ),
    h('dt', {}, t('quality.duplicates')),
    h(
      'dd',
      {},
      num(
        total((r) => r.duplicates),
        0,
      ),
    ),
    h('dt', {}, t('quality.gaps')),
    h(
      'dd',
      {},
      num(
        total((r) => r.gaps),
        0,
      ),
    ),
    h('dt', {}, t('quality.inferred')),
    h(
      'dd',
      {},
      num(
        total((r) => r.inferredTrips),
        0,
      ),
    ),
    h('dt', {}, t('quality.sensorFlags')),
    h(
      'dd',
      {},
      `${num(
        total((r) => r.sensorFlags),
        0,
      )} / ${num(
        total((r) => r.sensorChecks),
        0,
      )}`,
    ),
    h('dt', {}, t('quality.ratingsMissing')),
    h(
      'dd',
      {},
      `${num(
        total((r) => r.feedback.ratings.knownMissing),
        0,
      )} / ${num(
        total((r) => r.feedback.ratings.received),
        0,
      )}`,
    ),
    h('dt', {}, t('quality.questionnairesMissing')),
    h(
      'dd',
      {},
      `${num(
        total((r) => r.feedback.questionnaires.knownMissing),
        0,
      )} / ${num(
        total((r) => r.feedback.questionnaires.received),
        0,
      )}`,
    ),
  );
  return [
    section(
      t('quality.days'),
      totals,
      dataTable<DataQualityRow>({
        caption: t('quality.daysCaption'),
        rows,
        csvHref: csvUrl('data-quality', { ...period }),
        columns: [
          { key: 'vehicle', label: t('col.vehicle'), value: (r) => r.vehicleId },
          { key: 'day', label: t('col.day'), value: (r) => r.serviceDate, cell: (r) => day(r.serviceDate) },
          {
            key: 'coverage',
            label: t('col.coverage'),
            numeric: true,
            value: (r) => (r.telemetryRolledUp ? r.coverage : null),
            cell: (r) => (r.telemetryRolledUp ? pct(r.coverage, 1) : t('quality.noTelemetry')),
          },
          {
            key: 'gaps',
            label: t('quality.gaps'),
            numeric: true,
            value: (r) => r.gaps,
            cell: (r) => `${r.gaps} (${num(r.gapSeconds / 60, 0)} min, max ${num(r.maxGapS, 0)} s)`,
          },
          { key: 'dup', label: t('quality.duplicates'), numeric: true, value: (r) => r.duplicates },
          { key: 'dead', label: t('quality.deadLetters'), numeric: true, value: (r) => r.deadLetters },
          { key: 'inferred', label: t('quality.inferred'), numeric: true, value: (r) => r.inferredTrips },
          { key: 'clock', label: t('quality.clock'), numeric: true, value: (r) => r.clockAnomalies },
          {
            key: 'sensor',
            label: t('quality.sensorFlags'),
            numeric: true,
            value: (r) => r.sensorFlags,
            cell: (r) => `${r.sensorFlags} / ${r.sensorChecks}`,
          },
          {
            key: 'ratings',
            label: t('quality.ratings'),
            numeric: true,
            value: (r) => r.feedback.ratings.received,
            cell: (r) => `${r.feedback.ratings.received} (${t('col.knownMissing')} ${r.feedback.ratings.knownMissing})`,
          },
          {
            key: 'quest',
            label: t('quality.questionnaires'),
            numeric: true,
            value: (r) => r.feedback.questionnaires.received,
            cell: (r) => `${r.feedback.questionnaires.received} (${t('col.knownMissing')} ${r.feedback.questionnaires.knownMissing})`,
          },
        ],
      }),
    ),
  ];
}

function deadLettersView(rows: DeadLetterCount[], period: { from: string; to: string; vehicleId?: string }): Node[] {
  return [
    section(
      t('quality.deadLetterReasons'),
      dataTable<DeadLetterCount>({
        caption: t('quality.deadLetterCaption'),
        rows,
        filter: false,
        empty: t('quality.noDeadLetter'),
        csvHref: csvUrl('data-quality/dead-letters', { ...period }),
        initialSort: { key: 'n', dir: 'descending' },
        columns: [
          { key: 'code', label: t('quality.code'), value: (r) => r.code },
          { key: 'n', label: t('quality.messages'), numeric: true, value: (r) => r.n, cell: (r) => num(r.n, 0) },
        ],
      }),
    ),
  ];
}

function devicesView(rows: DeviceCompleteness[], period: { from: string; to: string; vehicleId?: string }): Node[] {
  return [
    section(
      t('quality.devices'),
      dataTable<DeviceCompleteness>({
        caption: t('quality.devicesCaption'),
        rows,
        csvHref: csvUrl('data-quality/devices', { ...period }),
        columns: [
          { key: 'device', label: t('col.device'), value: (r) => r.deviceId.slice(0, 8) },
          { key: 'vehicle', label: t('col.vehicle'), value: (r) => r.vehicleId },
          { key: 'received', label: t('quality.received'), numeric: true, value: (r) => r.received },
          { key: 'max', label: t('quality.maxSeq'), numeric: true, value: (r) => r.maxSeq },
          { key: 'missing', label: t('col.knownMissing'), numeric: true, value: (r) => r.knownMissing },
          { key: 'last', label: t('quality.lastAnswer'), value: (r) => r.lastAnsweredAt, cell: (r) => dateTime(r.lastAnsweredAt) },
        ],
      }),
    ),
  ];
}

function checksView(rows: SensorCheckRow[], period: { from: string; to: string; vehicleId?: string }): Node[] {
  const flagged = rows.filter((r) => r.flagged);
  return [
    section(
      t('quality.sensorChecks'),
      h('p', {}, t('quality.sensorSummary', { flagged: flagged.length, n: rows.length })),
      dataTable<SensorCheckRow>({
        caption: t('quality.sensorCaption'),
        rows: flagged,
        csvHref: csvUrl('sensor-checks', { ...period }),
        limit: 200,
        columns: [
          { key: 'vehicle', label: t('col.vehicle'), value: (r) => r.vehicleId },
          { key: 'ts', label: t('col.time'), value: (r) => Date.parse(r.ts), cell: (r) => dateTime(r.ts) },
          {
            key: 'loc',
            label: t('quality.location'),
            value: (r) => r.location,
            cell: (r) => (r.location === 'floor' ? t('chart.floor') : t('chart.seat')),
          },
          { key: 'server', label: t('quality.serverAwz'), numeric: true, value: (r) => r.serverAwz, cell: (r) => num(r.serverAwz, 3) },
          { key: 'unit', label: t('quality.unitAwz'), numeric: true, value: (r) => r.unitAwz, cell: (r) => num(r.unitAwz, 3) },
          {
            key: 'diff',
            label: t('quality.relDiff'),
            numeric: true,
            value: (r) => r.maxRelativeDifference,
            cell: (r) => pct(r.maxRelativeDifference, 1),
          },
        ],
      }),
    ),
  ];
}
