import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { kpiQuerySchema, tripListQuerySchema, vehicleSeriesQuerySchema } from '@app/contract';
import { ZodQueryPipe } from './query.pipe';

const refuse = (fn: () => unknown) => {
  try { fn(); } catch (e) { return (e as BadRequestException).getResponse() as { code: string; message: string; issues: unknown[] }; }
  throw new Error('not refused');
};

describe('ZodQueryPipe with the analytics query schemas', () => {
  it('fills defaults: the whole trial, per vehicle, operation scope, JSON', () => {
    expect(new ZodQueryPipe(kpiQuerySchema).transform({})).toEqual({ from: '2018-06-08', to: '2018-06-22', groupBy: 'vehicle', scope: 'operation', format: 'json' });
  });
  it('coerces list parameters', () => {
    const q = new ZodQueryPipe(tripListQuerySchema).transform({ direction: '1', inferred: 'true', limit: '20' });
    expect(q).toMatchObject({ direction: 1, inferred: true, limit: 20, offset: 0 });
  });
  it('refuses a period over the limit with its own code', () => {
    const r = refuse(() => new ZodQueryPipe(kpiQuerySchema).transform({ from: '2018-01-01', to: '2019-06-01' }));
    expect(r.code).toBe('period_too_long');
    expect(r.message).toMatch(/^to: period of 517 days exceeds the limit of 366 days/);
  });
  it('refuses reversed periods, unknown values and unknown parameters, naming them', () => {
    expect(refuse(() => new ZodQueryPipe(kpiQuerySchema).transform({ from: '2018-06-10', to: '2018-06-09' })).message).toMatch(/before from/);
    expect(refuse(() => new ZodQueryPipe(kpiQuerySchema).transform({ groupBy: 'week' })).message).toMatch(/^groupBy:/);
    expect(refuse(() => new ZodQueryPipe(kpiQuerySchema).transform({ colour: 'red' })).message).toMatch(/unknown parameter\(s\): colour/);
  });
  it('bounds a raw series to 24 h', () => {
    const r = refuse(() => new ZodQueryPipe(vehicleSeriesQuerySchema).transform({ fromTs: '2018-06-11T00:00:00Z', toTs: '2018-06-13T00:00:00Z' }));
    expect(r.code).toBe('period_too_long');
  });
});
