/**
 * Programmatic entry of the simulator (the server's `npm run trial` and the e2e tests call it).
 *
 *   const truth = await runSimulation({ from: '2018-06-11', to: '2018-06-11', mqttUrl, apiUrl, seed: 7,
 *     faults: 'dead-zone,duplicate', out: 'data/ground-truth.json' }, { onProgress, restartBroker });
 *
 * Options (all optional; see options.ts for ranges): from/to (YYYY-MM-DD, Europe/Paris, inclusive),
 * vehicles ('GNV-01,DSL-01' or an array), speed ('max' | N× real time), seed, mqttUrl, apiUrl (null:
 * answers stay pending), dryRun (no broker: generate and serialise only), fleetCredentials /
 * tabletTokens / driverCodes ('ID:secret,…' or a record), faults ('dead-zone,malformed:0.001,…'),
 * out (ground-truth path), ackTimeoutMs (30 s), maxInFlight (20,000 un-acked per unit),
 * drainTimeoutMs (none: as long as it takes), windowSeconds (4), windowPeriodS (300), resumeSeq (true).
 * Hooks: onProgress(p), restartBroker() (a real broker restart for the broker-restart fault), signal.
 * `simulate()` returns the ground truth, its canonical JSON and the run report (network figures).
 */
export { runSimulation, simulate, SIMULATOR_VERSION } from './run';
export type { Progress, RunHooks, RunReport, SimulationResult } from './run';
export type {
  DayTruth,
  GroundTruth,
  QuestionnaireTruth,
  RatingTruth,
  RefuelTruth,
  SpanTruth,
  SpikeTruth,
  TripTruth,
  VehicleSummary,
  VehicleTruth,
} from './ground-truth';
export { parseOptions, OptionsError } from './options';
export type { SimulationOptions, SimulationOptionsInput } from './options';
export { FAULT_KINDS, parseFaults } from './faults';
