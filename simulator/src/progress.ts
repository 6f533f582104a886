/** The simulator's progress bar (simulated time, messages sent, acked and waiting), shared by its CLI and `npm run trial`. */
import { SingleBar } from 'cli-progress';
import type { Progress } from './run';

export interface ProgressBar {
  update(p: Progress): void;
  stop(): void;
}

export function createProgressBar(enabled = true): ProgressBar {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    format: '{bar} {percentage}% | {simTime} | sent {sent} | acked {acked} | waiting {waiting} | feedback pending {feedback} | {phase}',
    hideCursor: true,
  });
  bar.start(1000, 0, { simTime: '', sent: 0, acked: 0, waiting: 0, feedback: 0, phase: 'connecting' });
  return {
    update: (p) => bar.update(Math.round(p.fraction * 1000), {
      simTime: p.simTime.slice(0, 16).replace('T', ' '), sent: p.sent, acked: p.acked, waiting: p.waiting, feedback: p.feedbackPending, phase: p.phase,
    }),
    stop: () => bar.stop(),
  };
}
