/**
 * When an answer may say it was given: not more than MAX_FUTURE_SKEW_MS ahead of the server's
 * clock, and not before the earliest day the trial accepts (ANSWERED_AT_EARLIEST, or the trial's
 * first day minus ANSWERED_AT_MARGIN_DAYS). A tablet whose clock fell back to 1970 or year 0001
 * after a flat battery is refused with a reason instead of filling the statistics with nonsense.
 * One rule for ratings and drivers' questionnaires.
 */
import { Inject, Injectable } from '@nestjs/common';
import { MAX_FUTURE_SKEW_MS } from '@app/contract';
import { TRIAL_PERIOD } from '@app/data';
import { ApiException } from '../common/api-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

const DAY_MS = 86_400_000;

export function earliestAnswerMs(config: Pick<AppConfig, 'ANSWERED_AT_EARLIEST' | 'ANSWERED_AT_MARGIN_DAYS'>): number {
  if (config.ANSWERED_AT_EARLIEST) return Date.parse(`${config.ANSWERED_AT_EARLIEST}T00:00:00Z`);
  return Date.parse(`${TRIAL_PERIOD.from}T00:00:00Z`) - config.ANSWERED_AT_MARGIN_DAYS * DAY_MS;
}

/** The refusal of an answer time, or null when it is plausible. */
export function answerTimeRefusal(answeredMs: number, nowMs: number, earliestMs: number): ApiException | null {
  if (answeredMs > nowMs + MAX_FUTURE_SKEW_MS) {
    const ahead = `more than ${MAX_FUTURE_SKEW_MS / 60_000} minutes ahead of the server clock`;
    return new ApiException(422, 'answered_in_future', `answeredAt is ${ahead}`, [
      { path: 'answeredAt', code: 'answered_in_future', message: ahead },
    ]);
  }
  if (answeredMs < earliestMs) {
    const before = `before ${new Date(earliestMs).toISOString().slice(0, 10)}, the earliest day this trial accepts (the device's clock is wrong)`;
    return new ApiException(422, 'answered_too_early', `answeredAt is ${before}`, [
      { path: 'answeredAt', code: 'answered_too_early', message: before },
    ]);
  }
  return null;
}

/** The configured lower bound, computed once. */
@Injectable()
export class AnswerTimeBounds {
  readonly earliestMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.earliestMs = earliestAnswerMs(config);
  }
}
