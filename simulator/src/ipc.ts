/** Messages between `npm run trial` and the simulator running as its child process (cli.ts --ipc). */
import type { SimulationOptionsInput } from './options';
import type { Progress, RunReport } from './run';

export interface SimulatorIpcIn {
  kind: 'start';
  input: SimulationOptionsInput;
}

export type SimulatorIpcOut =
  { kind: 'progress'; progress: Progress } | { kind: 'done'; report: RunReport } | { kind: 'failed'; message: string };
