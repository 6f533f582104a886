/** The simulator's progress bar (simulated time, messages sent, acked and waiting), shared by its CLI and `npm run trial`. */
import { SingleBar } from 'cli-progress';
import type { Progress } from './run';

export interface ProgressBar {
  update(p: Progress): void;
  stop(): void;
}

const line = (p: Progress) =>
  `${p.simTime.slice(0, 16).replace('T', ' ')} ${Math.round(p.fraction * 100)}% | sent ${p.sent} | acked ${p.acked} | waiting ${p.waiting} | feedback pending ${p.feedbackPending} | ${p.phase}`;

/**
 * On a terminal, a live bar; otherwise (CI, a log file) one line per 10 % and per phase change, so
 * that a long run still shows where it is.
 */
export function createProgressBar(enabled = true, interactive = process.stdout.isTTY === true): ProgressBar {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  if (!interactive) {
    let lastDecile = -1;
    let lastPhase = '';
    return {
      update: (p) => {
        const decile = Math.floor(p.fraction * 10);
        if (decile === lastDecile && p.phase === lastPhase) return;
        lastDecile = decile;
        lastPhase = p.phase;
        process.stdout.write(`${line(p)}\n`);
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({
    format: '{bar} {percentage}% | {simTime} | sent {sent} | acked {acked} | waiting {waiting} | feedback pending {feedback} | {phase}',
    hideCursor: true,
  });
  bar.start(1000, 0, { simTime: '', sent: 0, acked: 0, waiting: 0, feedback: 0, phase: 'connecting' });
  return {
    update: (p) =>
      bar.update(Math.round(p.fraction * 1000), {
        simTime: p.simTime.slice(0, 16).replace('T', ' '),
        sent: p.sent,
        acked: p.acked,
        waiting: p.waiting,
        feedback: p.feedbackPending,
        phase: p.phase,
      }),
    stop: () => bar.stop(),
  };
}
