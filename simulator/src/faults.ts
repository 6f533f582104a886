/**
 * Faults on demand (--faults). The plan is drawn from its own seeded stream before the run, in
 * simulated time, so the same seed injects the same faults whatever the network does. Content
 * faults (clock skew, GNSS loss, sensor spikes) change what the unit measures; transport faults
 * (dead zones, duplicates, reordering, malformed payloads, broker restart) change how it is sent.
 */
import { LOCAL_UTC_OFFSET_S } from '@app/data';
import type { Rng } from './rng';

export const FAULT_KINDS = [
  'dead-zone',
  'duplicate',
  'reorder',
  'clock-skew',
  'gnss-loss',
  'sensor-spike',
  'malformed',
  'broker-restart',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Per-message probability of the rate-based faults when no rate is given. */
const DEFAULT_RATES: Partial<Record<FaultKind, number>> = { duplicate: 0.002, reorder: 0.002, malformed: 0.001 };

export type FaultSpec = Partial<Record<FaultKind, number>>;

/** Parses `dead-zone,duplicate:0.01,malformed:0.001`; throws with the offending item. */
export function parseFaults(text: string): FaultSpec {
  const out: FaultSpec = {};
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, rate, ...rest] = item.split(':');
    if (rest.length || !(FAULT_KINDS as readonly string[]).includes(name)) {
      throw new Error(`unknown fault "${item}" (kinds: ${FAULT_KINDS.join(', ')}; rate-based ones take :p, e.g. malformed:0.001)`);
    }
    const kind = name as FaultKind;
    if (rate === undefined) out[kind] = DEFAULT_RATES[kind] ?? 1;
    else {
      const p = Number(rate);
      if (!(kind in DEFAULT_RATES)) throw new Error(`fault "${kind}" takes no rate (only ${Object.keys(DEFAULT_RATES).join(', ')} do)`);
      if (!Number.isFinite(p) || p < 0 || p > 0.5) throw new Error(`fault rate "${rate}" of ${kind} must be a number in [0, 0.5]`);
      out[kind] = p;
    }
  }
  return out;
}

export interface Interval {
  fromMs: number;
  toMs: number;
}
export interface SkewInterval extends Interval {
  skewMs: number;
}
export type SpikeField = 'cabin.co2Ppm' | 'cabin.tempC' | 'cabin.noiseDbA' | 'vibration.floor.awz' | 'ambientTempC';
export interface Spike {
  atMs: number;
  field: SpikeField;
  value: number;
}

export interface VehicleFaultPlan {
  deadZones: Interval[];
  gnssLosses: Interval[];
  skews: SkewInterval[];
  spikes: Spike[];
}

export interface FaultPlan {
  spec: FaultSpec;
  vehicles: Record<string, VehicleFaultPlan>;
  brokerRestarts: Interval[];
}

const SPIKES: readonly [SpikeField, number][] = [
  ['cabin.co2Ppm', 9500],
  ['cabin.tempC', 58],
  ['cabin.noiseDbA', 124],
  ['vibration.floor.awz', 14.5],
  ['ambientTempC', 57],
];

/** A random instant of service hours (07:00–19:00 local) on a date, ms UTC. */
function serviceInstant(rng: Rng, date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - LOCAL_UTC_OFFSET_S * 1000 + Math.floor(rng.uniform(7, 19) * 3600) * 1000;
}

export function planFaults(spec: FaultSpec, vehicleIds: readonly string[], dates: readonly string[], rng: Rng): FaultPlan {
  const vehicles: Record<string, VehicleFaultPlan> = {};
  for (const id of vehicleIds) {
    const r = rng.fork(id);
    const p: VehicleFaultPlan = { deadZones: [], gnssLosses: [], skews: [], spikes: [] };
    for (const date of dates) {
      if (spec['dead-zone'])
        for (let k = 0; k < 2; k++) {
          const from = serviceInstant(r, date);
          p.deadZones.push({ fromMs: from, toMs: from + r.int(3 * 60, 12 * 60) * 1000 });
        }
      if (spec['gnss-loss'])
        for (let k = 0; k < 3; k++) {
          const from = serviceInstant(r, date);
          p.gnssLosses.push({ fromMs: from, toMs: from + r.int(60, 240) * 1000 });
        }
      if (spec['clock-skew']) {
        const from = serviceInstant(r, date);
        const sign = r.chance(0.5) ? 1 : -1;
        p.skews.push({ fromMs: from, toMs: from + r.int(20, 60) * 60_000, skewMs: sign * r.int(20, 120) * 1000 });
      }
      if (spec['sensor-spike'])
        for (let k = 0; k < 4; k++) {
          const [field, value] = r.pick(SPIKES);
          p.spikes.push({ atMs: serviceInstant(r, date), field, value });
        }
    }
    for (const list of [p.deadZones, p.gnssLosses, p.skews]) list.sort((a, b) => a.fromMs - b.fromMs);
    p.spikes.sort((a, b) => a.atMs - b.atMs);
    vehicles[id] = p;
  }
  const brokerRestarts: Interval[] = [];
  if (spec['broker-restart']) {
    const r = rng.fork('broker');
    for (const date of dates) {
      const from = serviceInstant(r, date);
      brokerRestarts.push({ fromMs: from, toMs: from + r.int(5, 30) * 1000 });
    }
  }
  return { spec, vehicles, brokerRestarts };
}

/** Whether `t` lies in one of sorted intervals; `cursor` makes repeated forward queries O(1). */
export class IntervalCursor<T extends Interval> {
  private i = 0;
  constructor(private readonly list: readonly T[]) {}
  at(t: number): T | null {
    while (this.i < this.list.length && this.list[this.i].toMs <= t) this.i++;
    const cur = this.list[this.i];
    return cur && cur.fromMs <= t ? cur : null;
  }
}
