import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../config/app-config';
import { driverPseudonym, DriverPseudonyms, PSEUDONYM_PATTERN } from './pseudonym';

const pseudonyms = new DriverPseudonyms({ PSEUDONYM_SECRET: 'a-secret-of-the-server-0123456789' } as AppConfig);

describe('driver pseudonyms', () => {
  it('are stable, distinct per driver, keyed by the server secret and never look like a driver id', () => {
    const ids = Array.from({ length: 8 }, (_, i) => `D-0${i + 1}`);
    const names = ids.map((id) => pseudonyms.of(id));
    for (const n of names) expect(n).toMatch(PSEUDONYM_PATTERN);
    expect(new Set(names).size).toBe(ids.length);
    expect(pseudonyms.of('D-01')).toBe(names[0]);
    expect(driverPseudonym('another-secret-of-another-server', 'D-01')).not.toBe(names[0]);
  });

  it('show the real id to engineers only', () => {
    expect(pseudonyms.forViewer(['engineer'], 'D-03')).toBe('D-03');
    expect(pseudonyms.forViewer(['admin', 'engineer'], 'D-03')).toBe('D-03');
    expect(pseudonyms.forViewer(['policymaker'], 'D-03')).toBe(pseudonyms.of('D-03'));
    expect(pseudonyms.forViewer(['admin'], 'D-03')).toBe(pseudonyms.of('D-03'));
    expect(pseudonyms.forViewer(['policymaker'], null)).toBeNull();
  });
});
