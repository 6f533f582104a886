/**
 * What a device sends and how it reads the server's answer (libs/contract feedback API). Shared
 * by the pages and the simulator so that both settle an answer on exactly the same responses:
 *  - 201/200 `stored` / `duplicate` → done;
 *  - a definitive 4xx for the item (400, 403 mismatch, 409 id_conflict, 422) → done, refused;
 *  - 401 / 403 for the whole request → the credential is wrong: keep everything (`unauthorized`);
 *  - 408, 429 (with Retry-After), 5xx (503 with Retry-After), 404, a network error, a timeout →
 *    keep everything and try again later.
 */
import { FEEDBACK_PATHS, RATING_BATCH_MAX, type BatchResult } from '../../contract/src/feedback-constants';
import type { DriverQuestionnaireSubmission, RatingSubmission } from '../../contract/src/feedback';
import type { PendingItem, Refusal, SendOutcome } from './syncer';

export interface SendOptions {
  /** Base URL of the server; '' in the pages (same origin). */
  baseUrl: string;
  /** Abandon (and retry later) a request the server has not answered after this long. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Retry-After (seconds or HTTP date) in ms, if present. */
export function retryAfterMs(res: Response): number | undefined {
  const v = res.headers.get('retry-after');
  if (!v) return undefined;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.max(1, s) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(1000, at - Date.now());
}

/** The outcome of a response that did not settle anything, or null when it did (2xx or a definitive 4xx). */
function unsettled(res: Response): SendOutcome | null {
  if (res.status === 401 || res.status === 403) return { kind: 'unauthorized', reason: `HTTP ${res.status}` };
  if (res.status === 429 || res.status === 503) return { kind: 'retry', retryAfterMs: retryAfterMs(res), reason: `HTTP ${res.status}` };
  if (res.status === 404 || res.status === 408 || res.status >= 500) return { kind: 'retry', reason: `HTTP ${res.status}` };
  return null;
}

async function post(o: SendOptions, path: string, bearer: string, body: unknown): Promise<Response | SendOutcome> {
  try {
    return await (o.fetch ?? fetch)(`${o.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify(body),
      ...(o.timeoutMs ? { signal: AbortSignal.timeout(o.timeoutMs) } : {}),
    });
  } catch (error) {
    return { kind: 'retry', reason: (error as Error).name === 'TimeoutError' ? 'timeout' : 'network' };
  }
}

const isOutcome = (r: Response | SendOutcome): r is SendOutcome => 'kind' in r;

/** Posts up to RATING_BATCH_MAX ready ratings of one tablet in one request. */
export async function sendRatingBatch(o: SendOptions, token: string, items: Array<PendingItem<RatingSubmission>>): Promise<SendOutcome> {
  const batch = items.slice(0, RATING_BATCH_MAX);
  const res = await post(o, FEEDBACK_PATHS.ratingsBatch, token, { ratings: batch.map((i) => i.body) });
  if (isOutcome(res)) return res;
  const notYet = unsettled(res);
  if (notYet) return notYet;
  let result: BatchResult;
  try {
    result = (await res.json()) as BatchResult;
  } catch {
    return { kind: 'retry', reason: `unreadable answer (HTTP ${res.status})` };
  }
  if (!res.ok || !Array.isArray(result.results)) {
    // The whole request refused (a malformed envelope): every item would be refused again.
    const code = (result as unknown as { code?: string }).code ?? `http_${res.status}`;
    return { kind: 'answered', done: batch.map((i) => i.id), refused: batch.map((i) => ({ id: i.id, status: res.status, code })) };
  }
  const done: string[] = [];
  const refused: Refusal[] = [];
  const duplicates: string[] = [];
  for (const r of result.results) {
    const id = batch[r.index]?.id;
    if (!id) continue;
    if (r.status === 'duplicate') duplicates.push(id);
    if (r.status !== 'rejected') done.push(id);
    else if (r.httpStatus >= 400 && r.httpStatus < 500 && r.httpStatus !== 408 && r.httpStatus !== 429) {
      done.push(id);
      refused.push({ id, status: r.httpStatus, code: r.error.code, message: r.error.message });
    }
  }
  return { kind: 'answered', done, refused, duplicates };
}

/** Posts the oldest ready questionnaire, with the driver code it was queued with. */
export async function sendQuestionnaire(o: SendOptions, items: Array<PendingItem<DriverQuestionnaireSubmission>>): Promise<SendOutcome> {
  const item = items[0];
  if (!item) return { kind: 'answered', done: [], refused: [] };
  const res = await post(o, FEEDBACK_PATHS.driverQuestionnaires, item.auth ?? '', item.body);
  if (isOutcome(res)) return res;
  const notYet = unsettled(res);
  if (notYet) return notYet;
  if (res.ok) return { kind: 'answered', done: [item.id], refused: [], duplicates: res.status === 200 ? [item.id] : [] };
  const error = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
  return {
    kind: 'answered',
    done: [item.id],
    refused: [{ id: item.id, status: res.status, code: error.code ?? `http_${res.status}`, message: error.message }],
  };
}
