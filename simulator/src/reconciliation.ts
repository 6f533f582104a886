/**
 * The replay's proof: per vehicle and stream, what the run sent against what the server holds —
 * stored, duplicates, dead-lettered (with reasons), refused (with reasons) and missing. Pure: the
 * counts come from the server's reconciliation endpoint (libs/contract completeness.ts), the sent
 * side from the units' outboxes and the answering devices.
 *
 * A replay sends only valid data, so it is clean when nothing is missing and nothing was refused:
 *  - telemetry, events, vibration windows: every seq of the run stored (missing = sent − stored);
 *    dead letters are expected only as the malformed copies the run injected (they carry no seq);
 *  - ratings, questionnaires: every answer created stored (missing = created − stored − refused);
 *    any refusal of a simulated answer is unexpected (an id reused, a clock bound…).
 */
import type { ReconciliationCounts, Stream } from '@app/contract';
import type { DeviceReport } from './feedback/feedback-devices';

export const RECONCILED_STREAMS = ['telemetry', 'event', 'vibration', 'ratings', 'questionnaires'] as const;
export type ReconciledStream = (typeof RECONCILED_STREAMS)[number];

export interface ReconciliationRow {
  vehicleId: string;
  stream: ReconciledStream;
  sent: number;
  stored: number;
  duplicates: number;
  deadLettered: Record<string, number>;
  refused: Record<string, number>;
  missing: number;
  /** Feedback: what the server's own sequence check says is missing (no ground truth). */
  serverKnownMissing: number | null;
}

export interface Reconciliation {
  rows: ReconciliationRow[];
  missing: number;
  /** What a clean replay never shows (refusals of valid data, stored more than sent…). */
  unexpected: string[];
  clean: boolean;
}

export interface UnitSent {
  vehicleId: string;
  streams: Array<{ stream: Stream; fromSeq: number; toSeq: number; sent: number }>;
  /** Malformed copies the unit actually published (dead letters expected). */
  malformedPublished: number;
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((s, n) => s + n, 0);

function refusedByCode(devices: DeviceReport[], vehicleId: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of devices) {
    for (const r of d.byVehicle[vehicleId]?.refused ?? []) out[r.code] = (out[r.code] ?? 0) + 1;
    // Answers still queued behind a refused credential are refused too, for good.
    const waiting = d.byVehicle[vehicleId]?.waiting ?? 0;
    if (d.unauthorized && waiting > 0) out.unauthorized = (out.unauthorized ?? 0) + waiting;
  }
  return out;
}

export function reconcile(units: UnitSent[], devices: DeviceReport[], counts: ReconciliationCounts): Reconciliation {
  const rows: ReconciliationRow[] = [];
  const unexpected: string[] = [];
  const serverDevice = new Map(counts.devices.map((d) => [d.deviceId, d]));
  for (const u of units) {
    const deadTotal = counts.streams.filter((s) => s.vehicleId === u.vehicleId).reduce((n, s) => n + sum(s.deadLettered), 0);
    if (deadTotal > u.malformedPublished)
      unexpected.push(`${u.vehicleId}: ${deadTotal} dead letters for ${u.malformedPublished} malformed copies injected`);
    for (const s of u.streams) {
      const c = counts.streams.find((x) => x.vehicleId === u.vehicleId && x.stream === s.stream);
      const stored = c?.stored ?? 0;
      const refused: Record<string, number> = c && c.deadLetteredSeqs > 0 ? { dead_lettered: c.deadLetteredSeqs } : {};
      if (c && c.deadLetteredSeqs > 0) unexpected.push(`${u.vehicleId} ${s.stream}: ${c.deadLetteredSeqs} valid messages dead-lettered`);
      rows.push({
        vehicleId: u.vehicleId,
        stream: s.stream,
        sent: s.sent,
        stored,
        duplicates: c?.duplicates ?? 0,
        deadLettered: c?.deadLettered ?? {},
        refused,
        missing: Math.max(0, s.sent - stored - (c?.deadLetteredSeqs ?? 0)),
        serverKnownMissing: null,
      });
    }
    for (const [stream, kind] of [
      ['ratings', 'rating'],
      ['questionnaires', 'questionnaire'],
    ] as const) {
      const mine = devices.filter((d) => d.kind === kind && d.byVehicle[u.vehicleId]);
      const sent = mine.reduce((n, d) => n + d.byVehicle[u.vehicleId].created, 0);
      const stored = mine.reduce((n, d) => n + (serverDevice.get(d.deviceId)?.receivedByVehicle[u.vehicleId] ?? 0), 0);
      const duplicates = mine.reduce((n, d) => n + d.byVehicle[u.vehicleId].duplicates, 0);
      const refused = refusedByCode(mine, u.vehicleId);
      const known = mine.reduce((n, d) => n + (serverDevice.get(d.deviceId)?.knownMissing ?? 0), 0);
      if (sum(refused) > 0)
        unexpected.push(
          `${u.vehicleId} ${stream}: ${sum(refused)} refused (${Object.entries(refused)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')})`,
        );
      if (stored > sent) unexpected.push(`${u.vehicleId} ${stream}: the server holds ${stored} for ${sent} sent`);
      rows.push({
        vehicleId: u.vehicleId,
        stream,
        sent,
        stored,
        duplicates,
        deadLettered: {},
        refused,
        missing: Math.max(0, sent - stored - sum(refused)),
        serverKnownMissing: kind === 'rating' ? known : null,
      });
    }
  }
  const missing = rows.reduce((n, r) => n + r.missing, 0);
  return { rows, missing, unexpected, clean: missing === 0 && unexpected.length === 0 };
}

const codes = (r: Record<string, number>) => {
  const total = sum(r);
  if (total === 0) return '0';
  return `${total} (${Object.entries(r)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')})`;
};

/** A plain-text table, one line per vehicle and stream, then the verdict. */
export function formatReconciliation(r: Reconciliation): string {
  const header = ['vehicle', 'stream', 'sent', 'stored', 'duplicates', 'dead-lettered', 'refused', 'missing'];
  const body = r.rows.map((x) => [
    x.vehicleId,
    x.stream,
    String(x.sent),
    String(x.stored),
    String(x.duplicates),
    codes(x.deadLettered),
    codes(x.refused),
    x.serverKnownMissing === null ? String(x.missing) : `${x.missing} (server: ${x.serverKnownMissing})`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const fmt = (row: string[]) => row.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const verdict = r.clean
    ? 'Reconciliation: clean — every message and every answer the run sent is stored exactly once.'
    : `Reconciliation: NOT CLEAN — ${r.missing} missing${r.unexpected.length ? `; ${r.unexpected.join('; ')}` : ''}.`;
  return [fmt(header), ...body.map(fmt), verdict].join('\n');
}
