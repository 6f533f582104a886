import { describe, expect, it, beforeAll } from 'vitest';
import { validateMessage, topicFor, type Telemetry, type TelemetryEvent, type VibrationWindow } from '@app/contract';
import { ratingSubmissionSchema, driverQuestionnaireSchema } from '@app/contract';
import { serviceDates, VEHICLES } from '@app/data';
import { FAULT_KINDS, planFaults, parseFaults } from './faults';
import { simulate, type SimulationResult } from './run';
import { Rng } from './rng';
import { VehicleSim } from './vehicle/vehicle-sim';
import { Weather } from './world/weather';

const ALL_FAULTS = 'dead-zone,duplicate:0.01,reorder:0.01,clock-skew,gnss-loss,sensor-spike,malformed:0.005,broker-restart';
const day = { from: '2018-06-11', to: '2018-06-11', dryRun: true, mqttUrl: null, apiUrl: null, faults: ALL_FAULTS } as const;
/**
 * The simulations run in beforeAll, the tests only look at their results. A simulated day takes a
 * few seconds here; the limit is far beyond what a slow or busy machine needs and only stops a hang.
 */
const SIMULATION_LIMIT_MS = 15 * 60_000;

describe('a simulated day (dry run)', () => {
  let a: SimulationResult;
  let b: SimulationResult;
  let c: SimulationResult;
  beforeAll(async () => {
    a = await simulate({ ...day, seed: 7 });
    b = await simulate({ ...day, seed: 7 });
    c = await simulate({ ...day, seed: 8 });
  }, SIMULATION_LIMIT_MS);

  it('is byte-identical for the same seed, and differs for another', () => {
    expect(a.json).toBe(b.json);
    expect(c.json).not.toBe(a.json);
  });

  it('uses 28–38 kg/100 km on GNV-01 and about 30 L/100 km on DSL-01 (the calibrated band)', () => {
    const v = a.groundTruth.vehicles;
    expect(v['GNV-01'].summary.consumptionKgPer100km).toBeGreaterThanOrEqual(28);
    expect(v['GNV-01'].summary.consumptionKgPer100km).toBeLessThanOrEqual(38);
    expect(v['DSL-01'].summary.consumptionLPer100km).toBeGreaterThanOrEqual(26);
    expect(v['DSL-01'].summary.consumptionLPer100km).toBeLessThanOrEqual(34);
    // A service day on line 101: 13–15 trips of 23–26 km.
    expect(v['GNV-01'].summary.trips).toBeGreaterThanOrEqual(13);
    expect(v['GNV-01'].summary.tripDistanceKm).toBeGreaterThan(13 * 22);
  });

  it('logs every fault kind it injected', () => {
    const counts = a.groundTruth.faults.counts;
    for (const kind of FAULT_KINDS) expect(counts[kind], kind).toBeGreaterThan(0);
  });

  it('counts what it sent per vehicle, per day and per stream', () => {
    const v = a.groundTruth.vehicles;
    for (const id of ['GNV-01', 'DSL-01']) {
      const sent = v[id].messages.sent;
      expect(sent.telemetry).toBeGreaterThan(40_000);
      expect(sent.vibration).toBeGreaterThan(100);
      expect(v[id].days['2018-06-11'].messages.telemetry).toBe(sent.telemetry);
    }
  });
});

describe('every message a coach sends is valid under the contract', () => {
  const msgs: { topic: string; payload: unknown }[] = [];
  const ratings: unknown[] = [];
  const questionnaires: unknown[] = [];
  let results: ReturnType<typeof validateMessage>[] = [];
  beforeAll(() => {
    const rng = new Rng('contract-check');
    const dates = serviceDates('2018-06-12', '2018-06-12').map((date) => ({ date, serviceDayIndex: 4 }));
    const startMs = Date.parse('2018-06-11T22:00:00Z');
    let seq = 0;
    const sim = new VehicleSim({
      spec: VEHICLES['GNV-01'],
      index: 0,
      rng,
      weather: new Weather(rng.fork('w')),
      dates,
      startMs,
      endMs: startMs + 86_400_000,
      faults: planFaults(parseFaults('gnss-loss,clock-skew,sensor-spike'), ['GNV-01'], ['2018-06-12'], rng.fork('f')).vehicles['GNV-01'],
      windowSeconds: 4,
      windowPeriodS: 300,
      sink: {
        telemetry: (t: Telemetry) => {
          t.seq = seq++;
          msgs.push({ topic: topicFor('GNV-01', 'telemetry'), payload: JSON.parse(JSON.stringify(t)) });
        },
        event: (e: TelemetryEvent) => msgs.push({ topic: topicFor('GNV-01', 'event'), payload: { ...e, seq: 1 } }),
        vibration: (w: VibrationWindow) => msgs.push({ topic: topicFor('GNV-01', 'vibration'), payload: { ...w, seq: 1 } }),
        rating: (r) => ratings.push(r),
        questionnaire: (q) => questionnaires.push(q),
      },
    });
    for (const _ of sim.run()) {
      /* one simulated second per step */
    }
    const opts = { nowMs: Date.parse('2018-06-13T00:00:00Z'), isKnownVehicle: () => true };
    results = msgs.map((m) => validateMessage(m.topic, JSON.stringify(m.payload), opts));
  }, SIMULATION_LIMIT_MS);

  it('telemetry, events, vibration windows, ratings and questionnaires of one GNV-01 day', () => {
    const types = new Set<string>();
    let withoutPos = 0;
    for (const [i, r] of results.entries()) {
      if (!r.ok) throw new Error(`${msgs[i].topic}: ${r.reason}`);
      if (r.stream === 'event') types.add(r.payload.type);
      if (r.stream === 'telemetry' && !r.payload.pos) withoutPos++;
    }
    expect(msgs.length).toBeGreaterThan(40_000);
    for (const t of ['ignition_on', 'ignition_off', 'trip_start', 'trip_end', 'stop_arrival', 'stop_departure', 'gnss_lost', 'gnss_fixed'])
      expect(types).toContain(t);
    expect(withoutPos).toBeGreaterThan(0);
    expect(ratings.length).toBeGreaterThan(10);
    for (const r of ratings) expect(ratingSubmissionSchema.safeParse(r).success).toBe(true);
    for (const q of questionnaires) expect(driverQuestionnaireSchema.safeParse(q).success).toBe(true);
    // Tablet answers are at least 5 s apart on the tablet's clock (TABLET_MIN_INTERVAL_MS).
    const times = (ratings as { answeredAt: string }[]).map((r) => Date.parse(r.answeredAt));
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(5000);
  });
});

describe('options', () => {
  it('names the bad option', async () => {
    await expect(simulate({ from: '2018-06-31', dryRun: true, mqttUrl: null })).rejects.toThrow(/from: not a calendar date/);
    await expect(simulate({ vehicles: 'GNV-01,BUS-9', dryRun: true, mqttUrl: null })).rejects.toThrow(/vehicles/);
    await expect(simulate({ faults: 'malformed:2', dryRun: true, mqttUrl: null })).rejects.toThrow(
      /malformed must be a number in \[0, 0.5\]/,
    );
    await expect(simulate({ from: '2018-06-12', to: '2018-06-11', dryRun: true, mqttUrl: null })).rejects.toThrow(/after to/);
  });
});
