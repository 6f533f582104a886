import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/app-config';
import { CredentialService } from './credential.service';

const config = loadConfig({
  TABLET_TOKENS: 'GNV-01:tab-gnv,DSL-01:tab-dsl',
  DRIVER_CODES: 'D-01:code-1,D-02:code-2',
  ENGINEER_TOKENS: 'eng-a,eng-b',
  ADMIN_TOKENS: 'root-9x',
});
const credentials = new CredentialService(config);

describe('CredentialService', () => {
  it('resolves each kind of bearer credential to its principal', () => {
    const tabletId = `GNV-01/${createHash('sha256').update('tab-gnv').digest('hex').slice(0, 10)}`;
    expect(credentials.resolve('tab-gnv')).toEqual({ kind: 'tablet', vehicleId: 'GNV-01', tabletId, label: `tablet:${tabletId}` });
    expect(credentials.resolve('code-2')).toEqual({ kind: 'driver', driverId: 'D-02', label: 'driver:D-02' });
    expect(credentials.resolve('eng-b')).toMatchObject({ kind: 'engineer', role: 'engineer', label: expect.stringMatching(/^engineer:[0-9a-f]{8}$/) });
    expect(credentials.resolve('root-9x')).toMatchObject({ kind: 'admin', role: 'admin' });
  });

  it('resolves nothing for a missing, unknown, prefixed or extended token', () => {
    for (const token of [null, undefined, '', 'nope', 'tab-gn', 'tab-gnvx', ' tab-gnv', 'TAB-GNV']) expect(credentials.resolve(token)).toBeNull();
  });

  it('reads the bearer of a request', () => {
    expect(credentials.fromRequest({ headers: { authorization: 'Bearer code-1' } })).toMatchObject({ kind: 'driver', driverId: 'D-01' });
    expect(credentials.fromRequest({ headers: { authorization: 'bearer   code-1  ' } })).toMatchObject({ kind: 'driver' });
    expect(credentials.fromRequest({ headers: { authorization: 'Basic code-1' } })).toBeNull();
    expect(credentials.fromRequest({ headers: {} })).toBeNull();
  });

  it('never keeps a secret in a principal', () => {
    for (const token of ['tab-gnv', 'code-1', 'eng-a', 'root-9x']) expect(JSON.stringify(credentials.resolve(token))).not.toContain(token);
  });

  it('start-up refuses one secret shared by two principals', () => {
    expect(() => loadConfig({ ENGINEER_TOKENS: 'same', ADMIN_TOKENS: 'same' })).toThrowError(/ADMIN_TOKENS #1: the same secret as ENGINEER_TOKENS #1/);
    expect(() => loadConfig({ TABLET_TOKENS: 'GNV-01:x', DRIVER_CODES: 'D-01:x' })).toThrowError(/DRIVER_CODES D-01: the same secret as TABLET_TOKENS GNV-01/);
  });
});
