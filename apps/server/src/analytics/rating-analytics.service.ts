/**
 * Perceived quality: passenger ratings per question (n, mean, CSAT with its Wilson interval,
 * response rate against passengers carried), drivers' questionnaires, and the link between
 * ratings and the conditions measured in the minutes before each one.
 */
import { Injectable } from '@nestjs/common';
import { MIN_AGGREGATE_ANSWERS, may, type Role } from '@app/contract';
import {
  DRIVER_ITEMS,
  RATING_CONDITION_FIELDS,
  RATING_CONDITIONS,
  RATING_QUESTIONS,
  type DriverSummary,
  type PeriodListQuery,
  type RatingConditions,
  type RatingSummary,
} from '@app/contract';
import { bootstrapDifferenceOfMeans, csat, mean, responseRate } from '@app/domain';
import { AnalyticsRepository } from './analytics.repository';
import { CompletenessService } from './completeness.service';

/** Conditions joined with each rating: the minutes before it. */
export const RATING_WINDOW_MIN = 5;

@Injectable()
export class RatingAnalyticsService {
  constructor(
    private readonly repository: AnalyticsRepository,
    private readonly completeness: CompletenessService,
  ) {}

  /**
   * `knownMissing` beside every n: answers the tablets created but the server never received
   * (gaps in their sequences). Their scores are unknown, so they are not in n; a figure with many
   * of them may be biased (a tablet broken on bad days), and the reader must see it.
   */
  async summary(q: Omit<PeriodListQuery, 'format'>, viewer: readonly Role[] = ENGINEER): Promise<RatingSummary[]> {
    const all = may(viewer, 'ratings.read');
    const ratings = await this.repository.ratings(q);
    const days = await this.repository.days(q);
    const vehicles = await this.repository.vehicles();
    const missing = await this.completeness.perVehicle('rating', q);
    return vehicles
      .filter((v) => !q.vehicleId || v.id === q.vehicleId)
      .map((v) => {
        const mine = ratings.filter((r) => r.vehicle_id === v.id);
        const passengers = days.filter((d) => d.vehicle_id === v.id).reduce((s, d) => s + (d.sums.passengersBoarded ?? 0), 0);
        const rr = responseRate(mine.length, passengers);
        const knownMissing = missing.get(v.id)?.knownMissing ?? 0;
        return {
          vehicleId: v.id,
          ratings: mine.length,
          knownMissing,
          unsequenced: missing.get(v.id)?.unsequenced ?? 0,
          passengersCarried: passengers,
          responseRate: { p: rr.p, low: rr.low, high: rr.high, overCount: rr.overCount },
          questions: RATING_QUESTIONS.map((question) => {
            const values = mine.map((r) => r[question]).filter((x): x is number => typeof x === 'number');
            const c = csat(values);
            return withheldUnlessMany(
              all,
              {
                question,
                n: c.n,
                knownMissing,
                withheld: false,
                mean: c.mean,
                csat: { p: c.p, low: c.low, high: c.high },
                distribution: c.distribution,
              },
              'csat',
            );
          }),
        };
      });
  }

  async drivers(q: Omit<PeriodListQuery, 'format'>, viewer: readonly Role[] = ENGINEER): Promise<DriverSummary[]> {
    const all = may(viewer, 'questionnaires.read');
    const rows = await this.repository.driverQuestionnaires(q);
    const missing = await this.completeness.perVehicle('questionnaire', q);
    const vehicles = [...new Set(rows.map((r) => r.vehicle_id))].sort();
    return vehicles.map((vehicleId) => {
      const mine = rows.filter((r) => r.vehicle_id === vehicleId);
      const knownMissing = missing.get(vehicleId)?.knownMissing ?? 0;
      return {
        vehicleId,
        questionnaires: mine.length,
        knownMissing,
        drivers: new Set(mine.map((r) => r.driver_id)).size,
        questions: DRIVER_ITEMS.map((question) => {
          const values = mine.map((r) => r[question]).filter((x): x is number => typeof x === 'number');
          const c = csat(values);
          return withheldUnlessMany(
            all,
            {
              question,
              n: c.n,
              knownMissing,
              withheld: false,
              mean: c.mean,
              topTwoBox: { p: c.p, low: c.low, high: c.high },
              distribution: c.distribution,
            },
            'topTwoBox',
          );
        }),
      };
    });
  }

  /**
   * Each rating beside the conditions of the RATING_WINDOW_MIN minutes before it, and, per
   * condition, the mean under low (1–2) versus high (4–5) overall ratings with a bootstrap interval:
   * "which conditions go with low ratings" is said only where the interval excludes zero.
   */
  async conditions(q: Omit<PeriodListQuery, 'format'>): Promise<RatingConditions> {
    const ratings = (await this.repository.ratingConditions({ ...q, windowMin: RATING_WINDOW_MIN })).map((r) => ({
      vehicleId: r.vehicle_id,
      answeredAt: r.answered_at.toISOString(),
      overall: r.overall,
      smoothness: r.smoothness,
      temperature: r.temperature,
      noise: r.noise,
      samples: r.samples,
      floorAv: r.floor_av,
      cabinNoiseLeqDbA: r.cabin_noise_leq,
      cabinTempC: r.cabin_temp_c,
      cabinCo2Ppm: r.cabin_co2_ppm,
    }));
    const withData = ratings.filter((r) => r.samples > 0);
    const low = withData.filter((r) => r.overall <= 2);
    const high = withData.filter((r) => r.overall >= 4);
    const links = RATING_CONDITIONS.map((c, i) => {
      const field = RATING_CONDITION_FIELDS[c];
      const a = low.map((r) => r[field]).filter((x): x is number => typeof x === 'number');
      const b = high.map((r) => r[field]).filter((x): x is number => typeof x === 'number');
      const d = bootstrapDifferenceOfMeans(a, b, { seed: 101 + i, iterations: 2000 });
      return {
        condition: c,
        lowRatings: { n: a.length, mean: mean(a) },
        highRatings: { n: b.length, mean: mean(b) },
        difference: d.difference,
        low: d.low,
        high: d.high,
        significant: d.significant,
        reading: d.significant
          ? `low ratings come with ${d.difference > 0 ? 'higher' : 'lower'} ${c}`
          : `no link shown between ${c} and low ratings`,
      };
    });
    return { windowMinutes: RATING_WINDOW_MIN, ratings, links };
  }
}

/** What a service assumes when no caller is given (the report builder, tests): everything. */
const ENGINEER: readonly Role[] = ['engineer'];

/**
 * Privacy (issue 10): outside the engineer role an aggregate of fewer than MIN_AGGREGATE_ANSWERS
 * answers is withheld — with two drivers on a coach, their mean is nearly their own answers.
 */
function withheldUnlessMany<Q extends { n: number; mean: number | null; distribution: number[]; withheld: boolean }, K extends string>(
  mayReadEach: boolean,
  q: Q & Record<K, { p: number | null; low: number; high: number }>,
  share: K,
): Q {
  if (mayReadEach || q.n >= MIN_AGGREGATE_ANSWERS || q.n === 0) return q;
  return { ...q, withheld: true, mean: null, [share]: { p: null, low: 0, high: 1 }, distribution: [0, 0, 0, 0, 0] };
}
