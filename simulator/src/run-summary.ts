/**
 * What a replay tells its user at the end — the reconciliation table, or why there is none — and
 * whether it failed (shared by `npm run simulate` and `npm run trial`).
 */
import { formatReconciliation } from './reconciliation';
import type { RunReport } from './run';

export function summariseRun(report: RunReport): string {
  const lines: string[] = [];
  if (!report.drained) lines.push(`${report.waitingAtEnd} messages still un-acknowledged when the drain time ran out.`);
  if (report.feedback.pending > 0)
    lines.push(`${report.feedback.pending} answers still in the devices' outboxes (last error: ${report.feedback.lastError ?? 'none'}).`);
  const l = report.feedback.latencyMs;
  if (l) lines.push(`Answer posts: ${l.requests} requests, p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms.`);
  if (report.reconciliation) lines.push(formatReconciliation(report.reconciliation));
  else lines.push(`No reconciliation: ${report.reconciliationError ?? 'unknown reason'}.`);
  return lines.join('\n');
}

/** A replay fails when anything is missing or refused, or when it could not be checked. */
export function runFailed(report: RunReport): boolean {
  return !report.reconciliation || !report.reconciliation.clean || !report.drained;
}
