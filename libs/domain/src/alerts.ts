/**
 * Alert conditions as pure functions: a state machine per rule and vehicle, judged on the data's
 * own timestamps (the trial replays 2018 at high speed: a wall-clock "for 30 s" would mean
 * nothing), and the running figures some rules judge (smoothed vibration, recent consumption,
 * dead-letter share, a streak of low ratings). No I/O: the server feeds observations in and
 * stores the state (docs/alerts.md).
 *
 * Lifecycle: Normal → Pending (a signal crosses its warning threshold) → Firing (it stayed across
 * for `forS`) → Recovering (every known signal back beyond its clear threshold) → Resolved (it
 * stayed clear for `clearForS`), i.e. back to Normal. Hysteresis: between warning and clear a
 * firing alert holds and a recovering one fires again. Severity may rise (warning → critical)
 * while the alert is open, never fall. A pending condition needs the warning threshold crossed at
 * every observation; a gap in the data longer than `maxGapS` cancels it.
 */

export type AlertSeverity = 'warning' | 'critical';
export type SignalDirection = 'above' | 'below';
export type ConditionPhase = 'normal' | 'pending' | 'firing' | 'recovering';

export interface SignalSpec {
  direction: SignalDirection;
  warning: number;
  critical: number | null;
  clear: number;
}

export interface ConditionSpec {
  signals: Record<string, SignalSpec>;
  forS: number;
  clearForS: number;
  maxGapS: number | null;
}

/** A signal's value, or null/absent when it cannot be judged at this observation (ignored). */
export type SignalValues = Record<string, number | null | undefined>;

export interface Observation {
  /** Data time, ms. */
  ts: number;
  values: SignalValues;
}

export interface ConditionState {
  phase: ConditionPhase;
  /** Data time the phase began (ms); null in Normal. */
  since: number | null;
  /** Highest severity seen since Pending began; null in Normal. */
  severity: AlertSeverity | null;
  /** Data time the condition became Pending (kept while the alert is open). */
  pendingSince: number | null;
  /** Latest observation judged (ms): an older one (a late or replayed message) is ignored. */
  lastTs: number | null;
  lastValues: SignalValues | null;
}

export const NORMAL: ConditionState = { phase: 'normal', since: null, severity: null, pendingSince: null, lastTs: null, lastValues: null };

export type ConditionTransition =
  | { kind: 'pending'; ts: number; severity: AlertSeverity }
  | { kind: 'cancelled'; ts: number }
  | { kind: 'firing'; ts: number; severity: AlertSeverity; pendingSince: number }
  | { kind: 'refiring'; ts: number }
  | { kind: 'severity'; ts: number; from: AlertSeverity; to: AlertSeverity }
  | { kind: 'recovering'; ts: number }
  | { kind: 'resolved'; ts: number };

const RANK: Record<AlertSeverity, number> = { warning: 1, critical: 2 };
export const higherSeverity = (a: AlertSeverity | null, b: AlertSeverity | null): AlertSeverity | null =>
  a === null ? b : b === null ? a : RANK[b] > RANK[a] ? b : a;

const beyond = (direction: SignalDirection, value: number, threshold: number) =>
  direction === 'above' ? value >= threshold : value <= threshold;

export interface Judgement {
  /** The highest severity whose threshold some signal crosses; null: none crosses warning. */
  trigger: AlertSeverity | null;
  /** Every known signal is back beyond its clear threshold (and at least one is known). */
  clear: boolean;
  /** Signals with a value. */
  known: number;
}

/** Judges one observation's values against the rule's thresholds. */
export function judge(values: SignalValues, signals: Record<string, SignalSpec>): Judgement {
  let trigger: AlertSeverity | null = null;
  let known = 0;
  let allClear = true;
  for (const [name, spec] of Object.entries(signals)) {
    const v = values[name];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    known++;
    if (spec.critical !== null && beyond(spec.direction, v, spec.critical)) trigger = 'critical';
    else if (beyond(spec.direction, v, spec.warning)) trigger = higherSeverity(trigger, 'warning');
    // Clear: strictly beyond the clear threshold on the good side.
    const isClear = spec.direction === 'above' ? v < spec.clear : v > spec.clear;
    if (!isClear) allClear = false;
  }
  return { trigger, clear: known > 0 && allClear, known };
}

export interface StepOptions {
  /** A maintenance window covers this observation: no alert may open (a pending condition is cancelled). */
  suppressed?: boolean;
}

/**
 * One observation through the state machine: the new state and the transitions it caused, in
 * order (an observation may cause two: pending → firing when forS is 0, recovering → resolved
 * when clearForS is 0). An observation not newer than the last one judged changes nothing.
 */
export function stepCondition(
  state: ConditionState,
  obs: Observation,
  spec: ConditionSpec,
  options: StepOptions = {},
): { state: ConditionState; transitions: ConditionTransition[] } {
  if (state.lastTs !== null && obs.ts <= state.lastTs) return { state, transitions: [] };
  const transitions: ConditionTransition[] = [];
  const j = judge(obs.values, spec.signals);
  let s: ConditionState = { ...state };
  if (j.known === 0) return { state: { ...s, lastTs: obs.ts }, transitions };
  const ts = obs.ts;

  // A gap in the data: whatever was pending is no evidence any more.
  if (s.phase === 'pending' && spec.maxGapS !== null && s.lastTs !== null && ts - s.lastTs > spec.maxGapS * 1000) {
    transitions.push({ kind: 'cancelled', ts });
    s = { ...NORMAL };
  }

  if ((s.phase === 'normal' || s.phase === 'pending') && options.suppressed) {
    if (s.phase === 'pending') transitions.push({ kind: 'cancelled', ts });
    return { state: { ...NORMAL, lastTs: ts, lastValues: obs.values }, transitions };
  }

  switch (s.phase) {
    case 'normal':
      if (j.trigger) {
        transitions.push({ kind: 'pending', ts, severity: j.trigger });
        s = { ...s, phase: 'pending', since: ts, pendingSince: ts, severity: j.trigger };
        s = maybeFire(s, ts, spec, transitions);
      }
      break;
    case 'pending':
      if (!j.trigger) {
        transitions.push({ kind: 'cancelled', ts });
        s = { ...NORMAL };
      } else {
        s = { ...s, severity: higherSeverity(s.severity, j.trigger) };
        s = maybeFire(s, ts, spec, transitions);
      }
      break;
    case 'firing':
      s = rise(s, j.trigger, ts, transitions);
      if (j.clear) {
        transitions.push({ kind: 'recovering', ts });
        s = { ...s, phase: 'recovering', since: ts };
        s = maybeResolve(s, ts, spec, transitions);
      }
      break;
    case 'recovering':
      if (!j.clear) {
        transitions.push({ kind: 'refiring', ts });
        s = rise({ ...s, phase: 'firing', since: ts }, j.trigger, ts, transitions);
      } else {
        s = maybeResolve(s, ts, spec, transitions);
      }
      break;
  }
  return { state: { ...s, lastTs: ts, lastValues: obs.values }, transitions };
}

function maybeFire(s: ConditionState, ts: number, spec: ConditionSpec, out: ConditionTransition[]): ConditionState {
  if (ts - (s.since as number) < spec.forS * 1000) return s;
  out.push({ kind: 'firing', ts, severity: s.severity as AlertSeverity, pendingSince: s.pendingSince as number });
  return { ...s, phase: 'firing', since: ts };
}

function maybeResolve(s: ConditionState, ts: number, spec: ConditionSpec, out: ConditionTransition[]): ConditionState {
  if (ts - (s.since as number) < spec.clearForS * 1000) return s;
  out.push({ kind: 'resolved', ts });
  return { ...NORMAL };
}

function rise(s: ConditionState, trigger: AlertSeverity | null, ts: number, out: ConditionTransition[]): ConditionState {
  const next = higherSeverity(s.severity, trigger);
  if (next !== s.severity && s.severity !== null && next !== null) out.push({ kind: 'severity', ts, from: s.severity, to: next });
  return { ...s, severity: next };
}

/** Runs a series of observations in order; the transitions of all of them. */
export function runCondition(
  state: ConditionState,
  series: readonly Observation[],
  spec: ConditionSpec,
  suppressedAt: (ts: number) => boolean = () => false,
): { state: ConditionState; transitions: ConditionTransition[] } {
  const transitions: ConditionTransition[] = [];
  let s = state;
  for (const obs of series) {
    const r = stepCondition(s, obs, spec, { suppressed: suppressedAt(obs.ts) });
    s = r.state;
    transitions.push(...r.transitions);
  }
  return { state: s, transitions };
}

// ------------------------------------------------------------------------------------------------
// Running figures the rules judge. Each is a fold: (memory, input) → (memory, value), the memory
// small and JSON-serialisable, kept with the condition's state in the database.

/**
 * Energy average of a vibration value over the recent past: an exponential moving average of aw²
 * with time constant `tauS` (data time), whose square root is reported. ISO 2631-1 combines
 * seconds by their energy, never by the mean of their RMS (docs/sources.md#rms-energy-average);
 * the smoothing keeps one rough second (a pothole) from counting as discomfort. A gap longer than
 * `maxGapS` restarts the average.
 */
export interface EnergyAverageMemory {
  ts: number | null;
  meanSquare: number | null;
}

export function energyAverageStep(
  memory: EnergyAverageMemory,
  ts: number,
  value: number,
  tauS: number,
  maxGapS: number | null,
): { memory: EnergyAverageMemory; value: number } {
  const sq = value * value;
  if (memory.ts === null || memory.meanSquare === null || ts <= memory.ts || (maxGapS !== null && ts - memory.ts > maxGapS * 1000)) {
    return { memory: { ts, meanSquare: sq }, value };
  }
  const alpha = 1 - Math.exp(-(ts - memory.ts) / 1000 / tauS);
  const meanSquare = memory.meanSquare + alpha * (sq - memory.meanSquare);
  return { memory: { ts, meanSquare }, value: Math.sqrt(meanSquare) };
}

/**
 * Recent consumption against its own recent mean, both per distance driven: two exponential
 * windows over distance (`shortKm`, `longKm`) of fuel used and distance, from the cumulative
 * counters (so a skipped or reordered sample loses nothing: the next delta covers it). Fuel
 * burnt standing still (idling at a terminus) is not counted: this is the consumption while
 * driving. The ratio short/long is reported once both windows are at least half full.
 */
export interface ConsumptionMemory {
  odometerKm: number | null;
  fuelCounter: number | null;
  shortKm: number;
  shortFuel: number;
  longKm: number;
  longFuel: number;
}

export const EMPTY_CONSUMPTION: ConsumptionMemory = {
  odometerKm: null,
  fuelCounter: null,
  shortKm: 0,
  shortFuel: 0,
  longKm: 0,
  longFuel: 0,
};

export function consumptionStep(
  memory: ConsumptionMemory,
  odometerKm: number,
  fuelCounter: number,
  windows: { shortKm: number; longKm: number },
): { memory: ConsumptionMemory; ratio: number | null } {
  const m = { ...memory };
  const dKm = m.odometerKm === null ? 0 : odometerKm - m.odometerKm;
  const dFuel = m.fuelCounter === null ? 0 : fuelCounter - m.fuelCounter;
  // A counter that goes backwards (a unit replaced, a bad reading): start the deltas again.
  if (dKm < 0 || dFuel < 0) return { memory: { ...m, odometerKm, fuelCounter }, ratio: ratioOf(m, windows) };
  if (dKm > 0) {
    const ks = Math.exp(-dKm / windows.shortKm);
    const kl = Math.exp(-dKm / windows.longKm);
    m.shortKm = m.shortKm * ks + dKm;
    m.shortFuel = m.shortFuel * ks + dFuel;
    m.longKm = m.longKm * kl + dKm;
    m.longFuel = m.longFuel * kl + dFuel;
  }
  m.odometerKm = odometerKm;
  m.fuelCounter = fuelCounter;
  return { memory: m, ratio: ratioOf(m, windows) };
}

function ratioOf(m: ConsumptionMemory, windows: { shortKm: number; longKm: number }): number | null {
  // An exponential window's weight tends to its length: half of it is enough evidence.
  if (m.shortKm < windows.shortKm / 2 || m.longKm < windows.longKm / 2 || m.longFuel <= 0) return null;
  return m.shortFuel / m.shortKm / (m.longFuel / m.longKm);
}

/**
 * Share of dead-lettered messages (%) over about the last `windowMessages` messages: counts decayed
 * per message, so a burst of bad messages shows at once and fades as good ones follow. Not judged
 * before `minMessages` have been seen.
 */
export interface ShareMemory {
  dead: number;
  total: number;
}

export function deadLetterShareStep(
  memory: ShareMemory,
  dead: number,
  total: number,
  options: { windowMessages: number; minMessages: number },
): { memory: ShareMemory; sharePct: number | null } {
  const k = Math.exp(-total / options.windowMessages);
  const next = { dead: memory.dead * k + dead, total: memory.total * k + total };
  const weight = Math.min(next.total, options.windowMessages);
  return { memory: next, sharePct: weight >= options.minMessages && next.total > 0 ? (100 * next.dead) / next.total : null };
}

/** Ratings newest first: how many in a row, from the newest, are at or below `maxOverall`. */
export function lowRatingStreak(overallNewestFirst: readonly number[], maxOverall: number): number {
  let n = 0;
  for (const o of overallNewestFirst) {
    if (o > maxOverall) break;
    n++;
  }
  return n;
}

/** Minutes between `fromMs` and `toMs` (0 when `fromMs` is later). */
export const minutesBetween = (fromMs: number, toMs: number): number => Math.max(0, (toMs - fromMs) / 60_000);
