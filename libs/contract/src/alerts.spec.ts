import { describe, expect, it } from 'vitest';
import { acknowledgeSchema, alertListQuerySchema, alertRuleParamsSchema, silenceCreateSchema } from './alerts';

const base = { forS: 60, clearForS: 60, maxGapS: null, escalateAfterMin: 30, options: {} };

describe('alert rule parameters', () => {
  it('need the hysteresis the right way round for each direction, within physical bounds', () => {
    const co2 = alertRuleParamsSchema('cabin_co2');
    expect(co2.safeParse({ ...base, signals: { co2Ppm: { warning: 1200, critical: 2000, clear: 1000 } } }).success).toBe(true);
    expect(co2.safeParse({ ...base, signals: { co2Ppm: { warning: 1200, critical: null, clear: 1000 } } }).success).toBe(true);
    const paths = (r: ReturnType<typeof co2.safeParse>) => r.error?.issues.map((i) => i.path.join('.'));
    expect(paths(co2.safeParse({ ...base, signals: { co2Ppm: { warning: 1200, critical: 2000, clear: 1300 } } }))).toEqual([
      'signals.co2Ppm.clear',
    ]);
    expect(paths(co2.safeParse({ ...base, signals: { co2Ppm: { warning: 1200, critical: 1100, clear: 1000 } } }))).toEqual([
      'signals.co2Ppm.critical',
    ]);
    expect(paths(co2.safeParse({ ...base, signals: { co2Ppm: { warning: 20000, critical: null, clear: 1000 } } }))).toEqual([
      'signals.co2Ppm.warning',
    ]);
    const range = alertRuleParamsSchema('low_range');
    expect(range.safeParse({ ...base, signals: { lowKm: { warning: 60, critical: 30, clear: 80 } } }).success).toBe(true);
    expect(paths(range.safeParse({ ...base, signals: { lowKm: { warning: 60, critical: 30, clear: 50 } } }))).toEqual([
      'signals.lowKm.clear',
    ]);
  });

  it('are strict: no unknown signal, option or field; options per rule', () => {
    const co2 = alertRuleParamsSchema('cabin_co2');
    const signals = { co2Ppm: { warning: 1200, critical: 2000, clear: 1000 } };
    expect(co2.safeParse({ ...base, signals: { ...signals, other: signals.co2Ppm } }).success).toBe(false);
    expect(co2.safeParse({ ...base, signals, extra: 1 }).success).toBe(false);
    const consumption = alertRuleParamsSchema('consumption_high');
    const ratio = { ratio: { warning: 1.5, critical: 2, clear: 1.2 } };
    expect(consumption.safeParse({ ...base, signals: ratio, options: { shortKm: 5, longKm: 150 } }).success).toBe(true);
    expect(consumption.safeParse({ ...base, signals: ratio, options: { shortKm: 5, longKm: 10 } }).error?.issues[0].path).toEqual([
      'options',
      'longKm',
    ]);
  });
});

describe('alert requests', () => {
  it('an acknowledgement needs a comment that is not blank once cleaned', () => {
    expect(acknowledgeSchema.parse({ comment: ' ok \u0000' })).toEqual({ comment: 'ok' });
    expect(acknowledgeSchema.safeParse({ comment: ' \u0001 ' }).success).toBe(false);
    expect(acknowledgeSchema.safeParse({}).success).toBe(false);
    expect(acknowledgeSchema.safeParse({ comment: 'x'.repeat(501) }).success).toBe(false);
  });

  it('a silence ends after it starts, within a year', () => {
    expect(
      silenceCreateSchema.safeParse({
        startsAt: '2018-06-11T08:00:00Z',
        endsAt: '2018-06-11T09:00:00Z',
        reason: 'workshop',
        kind: 'maintenance',
      }).success,
    ).toBe(true);
    expect(
      silenceCreateSchema.safeParse({ startsAt: '2018-06-11T08:00:00Z', endsAt: '2018-06-11T07:00:00Z', reason: 'x' }).error?.issues[0]
        .path,
    ).toEqual(['endsAt']);
    expect(silenceCreateSchema.safeParse({ startsAt: '2018-06-11T08:00:00Z', endsAt: '2020-06-11T07:00:00Z', reason: 'x' }).success).toBe(
      false,
    );
  });

  it('the list takes dates or instants, in order', () => {
    expect(alertListQuerySchema.parse({ from: '2018-06-11', to: '2018-06-12', state: 'open' })).toMatchObject({ limit: 500, offset: 0 });
    expect(alertListQuerySchema.safeParse({ from: '2018-06-12', to: '2018-06-11' }).success).toBe(false);
    expect(alertListQuerySchema.safeParse({ vehicleId: '*' }).success).toBe(true);
    expect(alertListQuerySchema.safeParse({ nope: 1 }).success).toBe(false);
  });
});
