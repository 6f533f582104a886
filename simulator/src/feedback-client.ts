/**
 * The coaches' tablets and the drivers' questionnaire page, as HTTP clients of the feedback API
 * (libs/contract/src/feedback.ts). Answers wait in a local outbox and are posted in batches; an
 * unreachable server (or one without the feedback module yet) leaves them pending, never throws.
 * A 4xx item is final (the server will not take it later); a 5xx or a network error is retried.
 */
import {
  FEEDBACK_PATHS, RATING_BATCH_MAX,
  type BatchResult, type DriverQuestionnaireSubmission, type RatingSubmission,
} from '@app/contract';

export interface FeedbackStats {
  ratingsQueued: number;
  ratingsStored: number;
  ratingsDuplicate: number;
  ratingsRejected: number;
  questionnairesQueued: number;
  questionnairesStored: number;
  questionnairesRejected: number;
  pending: number;
  lastError: string | null;
  rejections: { id: string | null; status: number; code: string }[];
}

export interface FeedbackClientOptions {
  apiUrl: string | null;
  tabletTokens: Record<string, string>;
  driverCodes: Record<string, string>;
  timeoutMs?: number;
}

export class FeedbackClient {
  private ratings: RatingSubmission[] = [];
  private questionnaires: DriverQuestionnaireSubmission[] = [];
  private flushing: Promise<void> | null = null;
  readonly stats: FeedbackStats = {
    ratingsQueued: 0, ratingsStored: 0, ratingsDuplicate: 0, ratingsRejected: 0,
    questionnairesQueued: 0, questionnairesStored: 0, questionnairesRejected: 0, pending: 0, lastError: null, rejections: [],
  };

  constructor(private readonly o: FeedbackClientOptions) {}

  addRating(r: RatingSubmission): void {
    this.ratings.push(r);
    this.stats.ratingsQueued++;
    this.updatePending();
  }

  addQuestionnaire(q: DriverQuestionnaireSubmission): void {
    this.questionnaires.push(q);
    this.stats.questionnairesQueued++;
    this.updatePending();
  }

  private updatePending(): void {
    this.stats.pending = this.ratings.length + this.questionnaires.length;
  }

  /** Starts a flush unless one is running; resolves when that flush ends. */
  flush(): Promise<void> {
    if (!this.o.apiUrl) return Promise.resolve();
    this.flushing ??= this.doFlush().finally(() => { this.flushing = null; });
    return this.flushing;
  }

  private async doFlush(): Promise<void> {
    // Per vehicle (each tablet has its own token), oldest first, ≤ 100 per batch.
    while (this.ratings.length) {
      const vehicleId = this.ratings[0].vehicleId;
      const batch = this.ratings.filter((r) => r.vehicleId === vehicleId).slice(0, RATING_BATCH_MAX);
      const token = this.o.tabletTokens[vehicleId];
      if (!token) { this.finalRejects(batch, 401, 'no_tablet_token'); continue; }
      const res = await this.post(FEEDBACK_PATHS.ratingsBatch, token, { ratings: batch });
      if (!res) return; // network or 5xx: keep everything, try at the next flush
      if (res.status >= 400) { this.finalRejects(batch, res.status, codeOf(res.body)); continue; }
      const result = res.body as BatchResult;
      const done = new Set(batch.map((b) => b.id));
      for (const item of result.results ?? []) {
        if (item.status === 'stored') this.stats.ratingsStored++;
        else if (item.status === 'duplicate') this.stats.ratingsDuplicate++;
        else if (item.httpStatus >= 500) done.delete(batch[item.index]?.id);
        else { this.stats.ratingsRejected++; this.stats.rejections.push({ id: item.id, status: item.httpStatus, code: 'error' in item ? item.error.code : 'unknown' }); }
      }
      this.ratings = this.ratings.filter((r) => !done.has(r.id));
      this.updatePending();
    }
    while (this.questionnaires.length) {
      const q = this.questionnaires[0];
      const code = this.o.driverCodes[q.driverId];
      const res = code ? await this.post(FEEDBACK_PATHS.driverQuestionnaires, code, q) : { status: 401, body: { code: 'no_driver_code' } };
      if (!res) return;
      if (res.status < 300) this.stats.questionnairesStored++;
      else { this.stats.questionnairesRejected++; this.stats.rejections.push({ id: q.id, status: res.status, code: codeOf(res.body) }); }
      this.questionnaires.shift();
      this.updatePending();
    }
  }

  private finalRejects(batch: RatingSubmission[], status: number, code: string): void {
    const ids = new Set(batch.map((b) => b.id));
    this.ratings = this.ratings.filter((r) => !ids.has(r.id));
    this.stats.ratingsRejected += batch.length;
    for (const b of batch) this.stats.rejections.push({ id: b.id, status, code });
    this.updatePending();
  }

  /** null when the server could not take it now (network error, timeout, 404 of a missing module, 5xx). */
  private async post(path: string, bearer: string, body: unknown): Promise<{ status: number; body: unknown } | null> {
    try {
      const res = await fetch(new URL(path, this.o.apiUrl!), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 30_000),
      });
      const text = await res.text();
      let parsed: unknown = null;
      try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
      // 404: the feedback module is not deployed yet; the answers wait for it.
      if (res.status >= 500 || res.status === 404 || res.status === 429) {
        this.stats.lastError = `HTTP ${res.status} on ${path}`;
        return null;
      }
      return { status: res.status, body: parsed };
    } catch (error) {
      this.stats.lastError = `${path}: ${(error as Error).message}`;
      return null;
    }
  }
}

const codeOf = (body: unknown): string =>
  (body && typeof body === 'object' && 'code' in body ? String((body as { code: unknown }).code) : 'unknown');
