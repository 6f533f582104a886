import { describe, expect, it } from 'vitest';
import type { TrialConfig } from '@app/contract';
import { describeTrial, firstCandidate } from './trial-banner';

const config: TrialConfig = {
  name: 'Essai',
  from: '2018-06-08',
  to: '2018-06-22',
  updatedAt: '2018-06-01T00:00:00.000Z',
  updatedBy: null,
  vehicles: [
    { vehicleId: 'GNV-01', role: 'candidate', label: 'GNV', fuelType: 'cng' },
    { vehicleId: 'GNV-02', role: 'candidate', label: 'GNV', fuelType: 'cng' },
    { vehicleId: 'DSL-01', role: 'reference', label: 'diesel', fuelType: 'diesel' },
  ],
};

describe('the trial command names the configured trial', () => {
  it('lists candidates and references with their fuel', () => {
    expect(describeTrial(config)).toBe(
      'Essai, 2018-06-08 → 2018-06-22: candidates GNV-01 (cng), GNV-02 (cng) · references DSL-01 (diesel)',
    );
  });
  it('shows the first candidate’s tablet', () => {
    expect(firstCandidate(config)).toBe('GNV-01');
    expect(firstCandidate(null)).toBeUndefined();
  });
});
