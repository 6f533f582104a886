/**
 * The rules judged on a vehicle's committed telemetry, as condition inputs for the AlertEngine:
 * each turns the new samples (after the last one judged) into observations on the samples' own
 * timestamps, keeping its running figures in the condition's memory. Pure given the samples and
 * the vehicle's context.
 */
import { RANGE_FALLBACK_PER_100KM } from '@app/data';
import type { Telemetry } from '@app/contract';
import {
  consumptionStep,
  deadLetterShareStep,
  dieselLitresFromGauge,
  EMPTY_CONSUMPTION,
  energyAverageStep,
  remainingRange,
  totalVibrationValue,
  usableGasMassKg,
  type ConsumptionMemory,
  type EnergyAverageMemory,
  type Observation,
  type ShareMemory,
} from '@app/domain';
import { dieselTankCapacityL, tankVolumeL } from '../analytics/line';
import type { ConditionInput } from './alert-engine';

/** The range moves slowly and costs a real-gas Z per sample: judged at most every this many seconds of data. */
export const RANGE_EVERY_S = 15;
/** Residual pressure below which the engine draws no more gas (docs/sources.md#tank-residual). */
const RESIDUAL_BAR = 15;

export interface VehicleContext {
  /** Consumption of the vehicle's recent trips, per 100 km (empty: the assumed figure of libs/data). */
  recentPer100km: number[];
}

export interface Sample {
  ts: number;
  t: Telemetry;
}

const after = (samples: readonly Sample[], afterTs: number | null) => (afterTs === null ? samples : samples.filter((s) => s.ts > afterTs));

/** Remaining range at the pessimistic consumption of recent trips (libs/domain remainingRange). */
export function lowRangeKm(t: Telemetry, ctx: VehicleContext): number | null {
  const usable =
    t.fuel.type === 'cng'
      ? usableGasMassKg(t.fuel.tankPressureBar, t.fuel.tankTempC, tankVolumeL(t.vehicleId), RESIDUAL_BAR)
      : dieselLitresFromGauge(t.fuel.levelPct, dieselTankCapacityL(t.vehicleId));
  const recent = ctx.recentPer100km.length ? ctx.recentPer100km : [RANGE_FALLBACK_PER_100KM[t.fuel.type]];
  const r = remainingRange(usable, recent);
  return r.basis === 'none' ? 0 : r.lowKm;
}

export function telemetryConditions(vehicleId: string, samples: readonly Sample[], ctx: VehicleContext): ConditionInput[] {
  return [
    {
      ruleId: 'low_range',
      vehicleId,
      observe(memory, _params, afterTs) {
        let last = typeof memory.lastTs === 'number' ? memory.lastTs : -Infinity;
        const observations: Observation[] = [];
        const fresh = after(samples, afterTs);
        fresh.forEach((s, i) => {
          if (s.ts - last < RANGE_EVERY_S * 1000 && i < fresh.length - 1) return;
          last = s.ts;
          observations.push({ ts: s.ts, values: { lowKm: lowRangeKm(s.t, ctx) } });
        });
        return { memory: { lastTs: Number.isFinite(last) ? last : null }, observations };
      },
    },
    {
      ruleId: 'consumption_high',
      vehicleId,
      observe(memory, params, afterTs) {
        let m = { ...EMPTY_CONSUMPTION, ...(memory as Partial<ConsumptionMemory>) };
        const windows = { shortKm: params.options.shortKm, longKm: params.options.longKm };
        const observations: Observation[] = [];
        for (const s of after(samples, afterTs)) {
          const counter = s.t.fuel.type === 'cng' ? s.t.fuel.totalUsedKg : s.t.fuel.totalUsedL;
          const r = consumptionStep(m, s.t.odometerKm, counter, windows);
          m = r.memory;
          observations.push({ ts: s.ts, values: { ratio: r.ratio } });
        }
        return { memory: { ...m }, observations };
      },
    },
    {
      ruleId: 'discomfort',
      vehicleId,
      observe(memory, params, afterTs) {
        let floor = (memory.floor as EnergyAverageMemory | undefined) ?? { ts: null, meanSquare: null };
        let seat = (memory.seat as EnergyAverageMemory | undefined) ?? { ts: null, meanSquare: null };
        const observations: Observation[] = [];
        for (const s of after(samples, afterTs)) {
          const f = energyAverageStep(floor, s.ts, totalVibrationValue(s.t.vibration.floor), params.options.smoothingS, params.maxGapS);
          const d = energyAverageStep(seat, s.ts, totalVibrationValue(s.t.vibration.driverSeat), params.options.smoothingS, params.maxGapS);
          floor = f.memory;
          seat = d.memory;
          observations.push({ ts: s.ts, values: { floorAv: f.value, seatAv: d.value } });
        }
        return { memory: { floor, seat }, observations };
      },
    },
    {
      ruleId: 'cabin_temperature',
      vehicleId,
      observe: (memory, _p, afterTs) => ({
        memory,
        observations: after(samples, afterTs).map((s) => ({ ts: s.ts, values: { high: s.t.cabin.tempC, low: s.t.cabin.tempC } })),
      }),
    },
    {
      ruleId: 'cabin_co2',
      vehicleId,
      observe: (memory, _p, afterTs) => ({
        memory,
        observations: after(samples, afterTs).map((s) => ({ ts: s.ts, values: { co2Ppm: s.t.cabin.co2Ppm } })),
      }),
    },
  ];
}

/**
 * The fleet's dead-letter share, one observation per ingest batch at the batch's newest data time
 * (a batch without any readable time updates the share without judging it).
 */
export function deadLetterCondition(batches: ReadonlyArray<{ dead: number; total: number; ts: number | null }>): ConditionInput {
  return {
    ruleId: 'dead_letter_rate',
    vehicleId: '*',
    observe(memory, params, afterTs) {
      let m: ShareMemory = { dead: Number(memory.dead ?? 0), total: Number(memory.total ?? 0) };
      const observations: Observation[] = [];
      let last = afterTs ?? -Infinity;
      for (const b of batches) {
        const r = deadLetterShareStep(m, b.dead, b.total, {
          windowMessages: params.options.windowMessages,
          minMessages: params.options.minMessages,
        });
        m = r.memory;
        if (b.ts !== null && b.ts > last) {
          observations.push({ ts: b.ts, values: { sharePct: r.sharePct } });
          last = b.ts;
        }
      }
      return { memory: { ...m }, observations };
    },
  };
}
