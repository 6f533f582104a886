import { describe, expect, it } from 'vitest';
import { usableFullTank, verdict } from './comparison.service';

const m = { better: 'lower' as const, unit: 'dB(A)', words: ['is quieter in the cab', 'is noisier in the cab'] as [string, string] };

describe('comparison verdicts', () => {
  it('says "quieter" only when the interval excludes zero', () => {
    expect(verdict('GNV-01', m, { difference: -3.9, low: -4.4, high: -3.4, significant: true, confidence: 0.95 })).toBe(
      'GNV-01 is quieter in the cab (-3.90 dB(A), 95 % CI -4.40 to -3.40 dB(A))',
    );
    expect(verdict('GNV-01', m, { difference: 1.2, low: 0.5, high: 1.9, significant: true, confidence: 0.95 })).toMatch(
      /^GNV-01 is noisier/,
    );
    expect(verdict('GNV-01', m, { difference: -0.3, low: -1.1, high: 0.4, significant: false, confidence: 0.95 })).toMatch(
      /^no difference shown by the data/,
    );
    expect(verdict('GNV-01', m, { difference: NaN, low: NaN, high: NaN, significant: false, confidence: 0.95 })).toBe(
      'not enough data to compare',
    );
  });
  it('a full tank: ≈ 186 kg of usable gas, or the diesel tank', () => {
    expect(usableFullTank('GNV-01', 'cng')).toBeGreaterThan(185);
    expect(usableFullTank('GNV-01', 'cng')).toBeLessThan(193);
    expect(usableFullTank('DSL-01', 'diesel')).toBe(350);
  });
});
