import { describe, expect, it } from 'vitest';
import { AMBIENT_BANDS, band, LOAD_BANDS } from './kpi.service';

describe('grouping bands', () => {
  it('labels load and ambient bands, open at the top', () => {
    expect(band(0, LOAD_BANDS, 'passengers')).toBe('0–10 passengers');
    expect(band(23.5, LOAD_BANDS, 'passengers')).toBe('20–30 passengers');
    expect(band(60, LOAD_BANDS, 'passengers')).toBe('≥ 45 passengers');
    expect(band(27, AMBIENT_BANDS, '°C')).toBe('25–30 °C');
    expect(band(-40, AMBIENT_BANDS, '°C')).toBe('< -30 °C');
    expect(band(NaN, AMBIENT_BANDS, '°C')).toBe('no data');
  });
});
