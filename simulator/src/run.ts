/**
 * Runs the world: both coaches advance in lockstep one simulated second at a time; their units
 * publish through MQTT (or only serialise, in a dry run), tablets and drivers post over HTTP.
 * Simulated time waits for the server when too much is un-acked (back-pressure), follows the
 * requested speed, and skips the nights when every unit sleeps. Returns the ground truth.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  COMPLETENESS_PATHS,
  reconciliationCountsSchema,
  STREAMS,
  type Ack,
  type ReconciliationCounts,
  type ReconciliationRequest,
  type Stream,
} from '@app/contract';
import {
  FLEET,
  fleetVehicleSpec,
  LINE101_VERSION,
  LOCAL_UTC_OFFSET_S,
  VEHICLE_DATA_VERSION,
  VEHICLES,
  type LineId,
  type VehicleSpec,
} from '@app/data';
import { AnswerDevices } from './feedback/answer-devices';
import { FeedbackDevices, type DeviceReport, type LatencyLog } from './feedback/feedback-devices';
import { planFaults, type Interval } from './faults';
import { canonicalJson, GROUND_TRUTH_SCHEMA, type GroundTruth, type VehicleTruth } from './ground-truth';
import { parseOptions, type SimulationOptions, type SimulationOptionsInput } from './options';
import { reconcile, type Reconciliation, type UnitSent } from './reconciliation';
import { Rng } from './rng';
import { MqttLink } from './unit/mqtt-link';
import { OnboardUnit, type InjectedFault } from './unit/onboard-unit';
import { runDates } from './vehicle/service-day';
import { VehicleSim } from './vehicle/vehicle-sim';
import { Weather } from './world/weather';

export const SIMULATOR_VERSION = 'simulator-1.0.0';

export interface Progress {
  simTime: string;
  /** 0–1 of the simulated period. */
  fraction: number;
  sent: number;
  published: number;
  acked: number;
  waiting: number;
  feedbackPending: number;
  phase: 'running' | 'draining' | 'reconciling' | 'done';
}

export interface RunHooks {
  onProgress?: (p: Progress) => void;
  /** Restarts the broker for real (embedded mode); without it a restart is a forced disconnect of every unit. */
  restartBroker?: () => Promise<void>;
  signal?: AbortSignal;
}

/** What depends on the real network and clock: never part of the ground truth. */
export interface RunReport {
  wallMs: number;
  simulatedSeconds: number;
  telemetrySamples: number;
  samplesPerSecond: number;
  payloadBytes: number;
  drained: boolean;
  waitingAtEnd: number;
  net: Record<
    string,
    {
      publishes: number;
      republishes: number;
      publishErrors: number;
      reconnects: number;
      malformedPublished: number;
      acked: number;
      lastAck: Ack | null;
    }
  >;
  feedback: { pending: number; lastError: string | null; devices: DeviceReport[]; latencyMs: ReturnType<LatencyLog['summary']> };
  brokerRestarts: { hook: boolean; count: number };
  /** Sent against stored, per vehicle and stream; null in a dry run or when the server could not be asked. */
  reconciliation: Reconciliation | null;
  /** Why there is no reconciliation, when there is none outside a dry run. */
  reconciliationError: string | null;
}

export type { GroundTruth } from './ground-truth';

export interface SimulationResult {
  groundTruth: GroundTruth;
  /** The canonical JSON text (byte-identical for the same options and seed). */
  json: string;
  report: RunReport;
}

const dayStartMs = (date: string) => Date.parse(`${date}T00:00:00Z`) - LOCAL_UTC_OFFSET_S * 1000;

export async function runSimulation(input: SimulationOptionsInput, hooks: RunHooks = {}): Promise<GroundTruth> {
  return (await simulate(input, hooks)).groundTruth;
}

export async function simulate(input: SimulationOptionsInput, hooks: RunHooks = {}): Promise<SimulationResult> {
  const o = parseOptions(input);
  const wallStart = Date.now();
  const root = new Rng(`gnv-trial/${o.seed}`);
  const startMs = dayStartMs(o.from);
  // --until HH:MM ends the last service day early (local time).
  const endMs = dayStartMs(o.to) + (o.until ? (Number(o.until.slice(0, 2)) * 3600 + Number(o.until.slice(3)) * 60) * 1000 : 86_400_000);
  const dates = runDates(o.from, o.to);
  const plan = planFaults(
    o.faults,
    o.vehicles,
    dates.map((d) => d.date),
    root.fork('faults'),
  );
  const weather = new Weather(root.fork('weather'));
  const injected: InjectedFault[] = [];
  const log = (f: InjectedFault) => injected.push(f);
  const iso = (ms: number) => new Date(ms).toISOString();
  // Content faults act whenever the unit is awake in their interval: logged as planned.
  for (const id of o.vehicles) {
    for (const g of plan.vehicles[id].gnssLosses)
      log({ kind: 'gnss-loss', vehicleId: id, ts: iso(g.fromMs), until: iso(g.toMs), detail: 'no GNSS fix: pos absent' });
    for (const k of plan.vehicles[id].skews)
      log({ kind: 'clock-skew', vehicleId: id, ts: iso(k.fromMs), until: iso(k.toMs), detail: `unit clock off by ${k.skewMs / 1000} s` });
  }
  const devices = new AnswerDevices(`gnv-trial/${o.seed}/${o.from}/${o.to}`);
  const feedback = new FeedbackDevices({ apiUrl: o.dryRun ? null : o.apiUrl, tabletTokens: o.tabletTokens, driverCodes: o.driverCodes });

  const units: OnboardUnit[] = [];
  const sims: VehicleSim[] = [];
  const lastAcks: Record<string, Ack | null> = {};
  let simNow = startMs;
  const perLine = new Map<LineId, number>();
  for (const id of o.vehicles) {
    const { spec, lineId } = coachOf(o, id);
    // The coach's index among its line's coaches picks its block each day.
    const index = perLine.get(lineId) ?? 0;
    perLine.set(lineId, index + 1);
    let unit: OnboardUnit | null = null;
    let firstAck: Ack | null = null;
    let link: MqttLink | null = null;
    if (!o.dryRun) {
      link = new MqttLink({
        url: o.mqttUrl!,
        vehicleId: id,
        password: o.fleetCredentials[id],
        firmware: spec.firmware,
        now: () => simNow,
        onAck: (ack) => {
          lastAcks[id] = ack;
          if (unit) unit.onAck(ack);
          else firstAck = ack;
        },
        onUp: () => unit?.onLinkUp(),
        onDown: () => undefined,
      });
      await link.up();
      // The retained Ack arrives right after SUBACK; give it a moment to land.
      await sleep(150);
    }
    const start =
      o.resumeSeq && firstAck
        ? (Object.fromEntries(STREAMS.map((s) => [s, (firstAck as Ack)[s] + 1])) as Record<Stream, number>)
        : undefined;
    unit = new OnboardUnit({
      vehicleId: id,
      faults: o.faults,
      deadZones: plan.vehicles[id].deadZones,
      rng: root.fork(`transport/${id}`),
      dryRun: o.dryRun,
      ackTimeoutMs: o.ackTimeoutMs,
      startSeq: start,
      log,
    });
    unit.link = link;
    const u = unit;
    units.push(u);
    sims.push(
      new VehicleSim({
        spec,
        index,
        lineId,
        rng: root.fork(`vehicle/${id}`),
        weather,
        dates,
        startMs,
        endMs,
        faults: plan.vehicles[id],
        windowSeconds: o.windowSeconds,
        windowPeriodS: o.windowPeriodS,
        devices,
        sink: {
          telemetry: (t) => u.telemetry(t),
          event: (e) => u.event(e),
          vibration: (w) => u.vibration(w),
          rating: (r) => feedback.addRating(r),
          questionnaire: (q) => feedback.addQuestionnaire(q),
        },
      }),
    );
  }
  const gens = sims.map((s) => s.run());

  const replayTimer = o.dryRun
    ? null
    : setInterval(() => {
        for (const u of units) u.replay(false);
      }, 1000);
  const startSeqs = new Map(
    units.map((u) => [u.vehicleId, Object.fromEntries(STREAMS.map((s) => [s, u.outbox.nextSeq(s)])) as Record<Stream, number>]),
  );
  const restartHook = hooks.restartBroker;
  let restarts = 0;
  const restartIdx = { i: 0, active: null as Interval | null };
  const progress = (phase: Progress['phase']): Progress => ({
    simTime: new Date(Math.min(simNow, endMs)).toISOString(),
    fraction: Math.min(1, (simNow - startMs) / (endMs - startMs)),
    sent: units.reduce((s, u) => s + STREAMS.reduce((a, k) => a + u.outbox.enqueued[k], 0), 0),
    published: units.reduce((s, u) => s + u.net.publishes, 0),
    acked: units.reduce((s, u) => s + u.outbox.ackedCount, 0),
    waiting: units.reduce((s, u) => s + u.outbox.waiting, 0),
    feedbackPending: feedback.pending,
    phase,
  });

  let awakeSimMs = 0;
  let lastProgress = 0;
  const chunk = o.dryRun ? 3600 : 30;
  try {
    while (simNow < endMs) {
      if (hooks.signal?.aborted) throw new Error('simulation aborted');
      for (let i = 0; i < chunk && simNow < endMs; i++) {
        for (const u of units) u.setSimTime(simNow);
        // Broker restart (planned in simulated time, the same for every unit).
        const br = plan.brokerRestarts[restartIdx.i];
        if (br && simNow >= br.fromMs && !restartIdx.active) {
          restartIdx.active = br;
          restarts++;
          log({
            kind: 'broker-restart',
            vehicleId: '*',
            ts: new Date(br.fromMs).toISOString(),
            until: new Date(br.toMs).toISOString(),
            detail: 'simulated as a forced disconnect and reconnect of every unit unless the run was given a restartBroker hook',
          });
          if (!o.dryRun) {
            if (restartHook) await restartHook();
            else for (const u of units) u.setBrokerDown(true);
          }
        } else if (restartIdx.active && simNow >= restartIdx.active.toMs) {
          restartIdx.active = null;
          restartIdx.i++;
          if (!o.dryRun && !restartHook) for (const u of units) u.setBrokerDown(false);
        }
        for (const g of gens) g.next();
        if (sims.some((s) => s.awake)) awakeSimMs += 1000;
        simNow += 1000;
      }
      if (o.dryRun) continue;
      // Back-pressure: let the server catch up before simulating further, per unit and fleet-wide.
      while (units.some((u) => u.outbox.waiting > o.maxInFlight) || units.reduce((n, u) => n + u.outbox.waiting, 0) > o.fleetInFlight) {
        if (hooks.signal?.aborted) throw new Error('simulation aborted');
        await sleep(10);
      }
      // Speed: N× real time over the seconds when some unit is awake (nights are skipped).
      if (o.speed !== 'max') {
        const due = wallStart + awakeSimMs / o.speed - Date.now();
        if (due > 0) await sleep(due);
      }
      if (hooks.onProgress && Date.now() - lastProgress > 200) {
        lastProgress = Date.now();
        hooks.onProgress(progress('running'));
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }

    // Drain: every Ack (the units keep replaying) and every answer (the devices keep retrying,
    // one request at a time with back-off) — as long as it takes, unless a limit was given.
    let drained = true;
    let reconciliation: Reconciliation | null = null;
    let reconciliationError: string | null = null;
    if (!o.dryRun) {
      const until = o.drainTimeoutMs === null ? Infinity : Date.now() + o.drainTimeoutMs;
      // A unit whose run ended in a dead zone reconnects now; the link retries by itself after that.
      for (const u of units) if (u.link && !u.link.connected) void u.link.up().catch(() => undefined);
      while ((units.some((u) => u.outbox.waiting > 0) || !feedback.settled) && Date.now() < until) {
        if (hooks.signal?.aborted) throw new Error('simulation aborted');
        hooks.onProgress?.(progress('draining'));
        await sleep(100);
      }
      drained = units.every((u) => u.outbox.waiting === 0);
      hooks.onProgress?.(progress('reconciling'));
      try {
        const sent = unitsSent(units, startSeqs);
        const counts = await fetchCounts(o, {
          since: new Date(wallStart).toISOString(),
          from: o.from,
          to: o.to,
          streams: sent.flatMap((u) =>
            u.streams
              .filter((s) => s.sent > 0)
              .map((s) => ({ vehicleId: u.vehicleId, stream: s.stream, fromSeq: s.fromSeq, toSeq: s.toSeq })),
          ),
          devices: feedback.reports().map((d) => ({ deviceId: d.deviceId, kind: d.kind })),
        });
        reconciliation = reconcile(sent, feedback.reports(), counts);
      } catch (error) {
        reconciliationError = (error as Error).message;
      }
    }
    hooks.onProgress?.(progress('done'));

    const groundTruth = buildGroundTruth(o, sims, units, injected);
    const json = canonicalJson(groundTruth);
    if (o.out) {
      mkdirSync(dirname(o.out), { recursive: true });
      // The file also records the reconciliation (network-dependent, so not part of the canonical truth).
      writeFileSync(o.out, reconciliation ? canonicalJson({ ...groundTruth, reconciliation }) : json);
    }
    const wallMs = Date.now() - wallStart;
    const samples = units.reduce((s, u) => s + u.outbox.enqueued.telemetry, 0);
    const report: RunReport = {
      wallMs,
      simulatedSeconds: (endMs - startMs) / 1000,
      telemetrySamples: samples,
      samplesPerSecond: Math.round(samples / Math.max(0.001, wallMs / 1000)),
      payloadBytes: units.reduce((s, u) => s + u.bytes, 0),
      drained,
      waitingAtEnd: units.reduce((s, u) => s + u.outbox.waiting, 0),
      net: Object.fromEntries(
        units.map((u) => [u.vehicleId, { ...u.net, acked: u.outbox.ackedCount, lastAck: lastAcks[u.vehicleId] ?? null }]),
      ),
      feedback: {
        pending: feedback.pending,
        lastError: feedback.lastError,
        devices: feedback.reports(),
        latencyMs: feedback.latency.summary(),
      },
      brokerRestarts: { hook: !!restartHook, count: restarts },
      reconciliation,
      reconciliationError,
    };
    return { groundTruth, json, report };
  } finally {
    if (replayTimer) clearInterval(replayTimer);
    feedback.stop();
    await Promise.all(units.map((u) => u.link?.close().catch(() => undefined)));
  }
}

/** A coach's specs and line: a trial coach's own (FLEET), or a fleet entry's, built from the trial coach of its fuel. */
function coachOf(o: SimulationOptions, id: string): { spec: VehicleSpec; lineId: LineId } {
  const entry = o.fleet?.find((v) => v.id === id);
  if (entry)
    return {
      spec: (VEHICLES as Record<string, VehicleSpec>)[id] ?? fleetVehicleSpec(id, entry.powertrain, entry.label),
      lineId: entry.lineId,
    };
  const seed = FLEET.find((v) => v.id === id)!;
  return { spec: VEHICLES[seed.id], lineId: seed.lineId };
}

/** What each unit sent in this run: its seq range per stream (from its first seq of the run). */
function unitsSent(units: OnboardUnit[], startSeqs: Map<string, Record<Stream, number>>): UnitSent[] {
  return units.map((u) => ({
    vehicleId: u.vehicleId,
    malformedPublished: u.net.malformedPublished,
    streams: STREAMS.map((stream) => {
      const fromSeq = startSeqs.get(u.vehicleId)![stream];
      return { stream, fromSeq, toSeq: u.outbox.nextSeq(stream) - 1, sent: u.outbox.enqueued[stream] };
    }),
  }));
}

/** The server's counts for the run (engineer role); retried while the server is busy or restarting. */
async function fetchCounts(o: SimulationOptions, body: ReconciliationRequest): Promise<ReconciliationCounts> {
  let last = '';
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const res = await fetch(new URL(COMPLETENESS_PATHS.reconciliation, o.apiUrl!), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${o.engineerToken}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(120_000),
      });
      const text = await res.text();
      if (res.ok) return reconciliationCountsSchema.parse(JSON.parse(text));
      last = `HTTP ${res.status}: ${text.slice(0, 300)}`;
      if (res.status < 500 && res.status !== 429) break;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(Math.min(30_000, 500 * 2 ** attempt));
  }
  throw new Error(`the server's counts could not be read (${last})`);
}

function buildGroundTruth(o: SimulationOptions, sims: VehicleSim[], units: OnboardUnit[], injected: InjectedFault[]): GroundTruth {
  const vehicles: Record<string, VehicleTruth> = {};
  sims.forEach((sim, i) => {
    const u = units[i];
    const truth = sim.truth;
    vehicles[sim.spec.id] = {
      summary: truth.summary(),
      days: Object.fromEntries(
        Object.entries(truth.days).map(([date, d]) => [
          date,
          { ...d, messages: u.perDay[date] ?? { telemetry: 0, event: 0, vibration: 0 } },
        ]),
      ),
      trips: truth.trips,
      messages: {
        sent: { ...u.outbox.enqueued, total: STREAMS.reduce((s, k) => s + u.outbox.enqueued[k], 0) },
        perDay: u.perDay,
        injectedDuplicates: u.injected.duplicate,
        injectedReorders: u.injected.reorder,
        injectedMalformed: u.injected.malformed,
        deadZoneSeconds: u.injected.deadZoneSeconds,
      },
      sensorSpikes: truth.spikes,
    };
  });
  const counts: Record<string, number> = {};
  for (const { kind } of [...injected, ...sims.flatMap((s) => s.truth.spikes)]) counts[kind] = (counts[kind] ?? 0) + 1;
  return {
    schema: GROUND_TRUTH_SCHEMA,
    generator: { simulator: SIMULATOR_VERSION, line101: LINE101_VERSION, vehicleData: VEHICLE_DATA_VERSION },
    run: {
      seed: o.seed,
      from: o.from,
      to: o.to,
      vehicles: o.vehicles,
      faults: o.faults,
      windowSeconds: o.windowSeconds,
      windowPeriodS: o.windowPeriodS,
      timeZone: 'Europe/Paris (UTC+2 in June 2018)',
    },
    vehicles,
    ratings: sims.flatMap((s) => s.truth.ratings),
    questionnaires: sims.flatMap((s) => s.truth.questionnaires),
    faults: { counts, injected: injected.filter((f) => f.kind !== 'sensor-spike') },
  };
}
