import { describe, expect, it } from 'vitest';
import { ambientBand, conditionBins, selectComments } from './report-model';

describe('report model helpers', () => {
  it('reads the API’s ambient bands as numbers, open ends at the telemetry contract’s limits', () => {
    expect(ambientBand('20–25 °C')).toEqual({ fromC: 20, toC: 25 });
    expect(ambientBand('-30–15 °C')).toEqual({ fromC: -30, toC: 15 });
    expect(ambientBand('≥ 30 °C')).toEqual({ fromC: 30, toC: 60 });
    expect(ambientBand('no data')).toBeNull();
  });

  it('bins ratings by a measured condition in equal-count bins with their value ranges', () => {
    const ratings = Array.from({ length: 40 }, (_, i) => ({
      overall: i < 20 ? 5 : 2,
      floorAv: 0.3 + i * 0.01,
      cabinNoiseLeqDbA: null,
      cabinTempC: 22,
      cabinCo2Ppm: null,
      samples: i === 39 ? 0 : 300,
    }));
    const bins = conditionBins(ratings);
    const floor = bins.filter((b) => b.condition === 'floor_av');
    expect(floor.map((b) => b.n)).toEqual([9, 10, 10, 10]);
    expect(floor[0].from).toBeCloseTo(0.3);
    expect(floor[0].meanOverall).toBe(5);
    expect(floor[3].meanOverall).toBe(2);
    expect(bins.filter((b) => b.condition === 'cabin_noise_leq')).toEqual([]);
    expect(bins.filter((b) => b.condition === 'cabin_temp_c').length).toBe(4);
  });

  it('selects a few comments per coach, varied by score, clean ones first, personal data removed', () => {
    const c = (vehicleId: string, minute: number, overall: number, text: string) => ({
      vehicleId,
      answeredAt: `2018-06-11T08:${String(minute).padStart(2, '0')}:00.000Z`,
      language: 'fr' as const,
      overall,
      text,
    });
    const picked = selectComments(
      [
        c('GNV-01', 1, 5, 'Appelez-moi au 06 12 34 56 78, super trajet.'),
        c('GNV-01', 2, 5, 'Très silencieux, on s’entend parler.'),
        c('GNV-01', 3, 1, 'Le chauffeur Marc a oublié mon arrêt.'),
        c('GNV-01', 4, 2, 'ok'),
        c('DSL-01', 5, 4, 'Bon voyage jusqu’à Lunel.'),
        c('GNV-01', 6, 4, 'Confortable mais un peu chaud.'),
      ],
      ['GNV-01', 'DSL-01'],
    );
    expect(picked.map((p) => p.text)).toEqual([
      'Très silencieux, on s’entend parler.',
      'Le chauffeur […] a oublié mon arrêt.',
      'Bon voyage jusqu’à Lunel.',
      'Confortable mais un peu chaud.',
    ]);
  });
});
