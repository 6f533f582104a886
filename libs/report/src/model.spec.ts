import { describe, expect, it } from 'vitest';
import { ENERGY_FACTORS } from '@app/data';
import { missingDataReportFixture, trialReportFixture } from './fixtures';
import { REPORT_MODEL_VERSION, comparisonFromApi, parseReportModel, reportModelSchema, type ReportModel } from './model';
import { sourceOf } from './sources';

const clone = (m: ReportModel): ReportModel => JSON.parse(JSON.stringify(m));

describe('report model', () => {
  it('both fixtures are valid models and survive a JSON round trip unchanged', () => {
    for (const m of [trialReportFixture(), missingDataReportFixture()]) {
      expect(m.modelVersion).toBe(REPORT_MODEL_VERSION);
      expect(parseReportModel(m)).toEqual(m);
      expect(parseReportModel(JSON.parse(JSON.stringify(m)))).toEqual(m);
    }
  });

  it('the trial fixture is shaped like the trial: 8–22 June 2018, 13 service days, ~31 kg vs ~31 L per 100 km, 1,237 ratings, 44 questionnaires', () => {
    const m = trialReportFixture();
    expect(m.period).toMatchObject({ from: '2018-06-08', to: '2018-06-22' });
    expect(m.period.serviceDates).toHaveLength(13);
    const [gnv, dsl] = m.totals;
    expect(gnv.per100km).toBeGreaterThan(29);
    expect(gnv.per100km).toBeLessThan(33);
    expect(dsl.per100km).toBeGreaterThan(29);
    expect(dsl.per100km).toBeLessThan(33);
    expect(m.passengers.perVehicle.reduce((s, v) => s + v.ratings, 0)).toBe(1237);
    expect(m.drivers.perVehicle.reduce((s, v) => s + v.questionnaires, 0)).toBe(44);
  });

  it('CO2 rows follow from the consumption and the libs/data factors', () => {
    const m = trialReportFixture();
    const gnv = m.totals[0];
    const bio = m.co2.rows.find((r) => r.scope === 'wtw' && r.fuel === 'bio_cng')!;
    expect(bio.kgPerKm).toBeCloseTo((gnv.per100km! / 100) * ENERGY_FACTORS.wtw.bioCng.value, 3);
    expect(m.sources.map((s) => s.id)).toContain(bio.factorId);
  });

  it('refuses a difference called significant whose interval contains zero', () => {
    const m = clone(trialReportFixture());
    const row = m.criteria.passenger_comfort.comparisons.find((r) => r.metric === 'csat_overall')!;
    row.significant = true;
    expect(() => parseReportModel(m)).toThrow(/significant must be true exactly when the interval excludes zero/);
  });

  it('refuses a driver aggregate of fewer than 5 answers', () => {
    const m = clone(missingDataReportFixture());
    const dsl = m.drivers.perVehicle.find((v) => v.vehicleId === 'DSL-01')!;
    dsl.questions[0].mean = 4;
    expect(() => parseReportModel(m)).toThrow(/fewer than 5 answers/);
  });

  it('refuses a figure whose query is not listed, an unknown vehicle, and NaN', () => {
    const a = clone(trialReportFixture());
    a.totals[0].queryId = 'q-nowhere';
    expect(() => parseReportModel(a)).toThrow(/query q-nowhere is used but not listed/);
    const b = clone(trialReportFixture());
    b.daily[0].vehicleId = 'BUS-99';
    expect(() => parseReportModel(b)).toThrow(/BUS-99 is neither the candidate nor the reference/);
    const c = clone(trialReportFixture()) as unknown as { totals: Array<{ per100km: number }> };
    c.totals[0].per100km = NaN;
    expect(reportModelSchema.safeParse(c).success).toBe(false);
  });

  it('maps an API comparison row, NaN where not computable becoming null', () => {
    const row = comparisonFromApi(
      {
        metric: 'csat_overall',
        candidate: { mean: 0.81, n: 689 },
        reference: { mean: NaN, n: 0 },
        difference: NaN,
        relativeDifference: NaN,
        low: NaN,
        high: NaN,
      },
      'q-comparison',
    );
    expect(row).toMatchObject({ reference: { mean: null, n: 0 }, difference: null, low: null, high: null, significant: false });
    expect(
      comparisonFromApi(
        {
          metric: 'cab_noise_leq_dba',
          candidate: { mean: 66, n: 9 },
          reference: { mean: 70, n: 9 },
          difference: -4,
          relativeDifference: -0.06,
          low: -4.5,
          high: -3.4,
        },
        'q-comparison',
      ).significant,
    ).toBe(true);
    expect(() =>
      comparisonFromApi(
        {
          metric: 'nope',
          candidate: { mean: 1, n: 1 },
          reference: { mean: 1, n: 1 },
          difference: 0,
          relativeDifference: 0,
          low: 0,
          high: 0,
        },
        'q',
      ),
    ).toThrow(/unknown comparison metric/);
  });

  it('cites factors by their libs/data id, with value, unit, status and source', () => {
    expect(sourceOf('ENERGY_FACTORS.wtw.bioCng')).toEqual({
      id: 'ENERGY_FACTORS.wtw.bioCng',
      value: 0.61,
      unit: 'kg CO2e/kg',
      status: 'sourced',
      source: ENERGY_FACTORS.wtw.bioCng.source,
    });
    expect(sourceOf('VEHICLES.DSL-01.tank.capacityL').status).toBe('assumed');
    expect(() => sourceOf('ENERGY_FACTORS.nothing')).toThrow(/no sourced value/);
  });
});
