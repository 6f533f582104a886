import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/app-config';
import { principalOfCredential, tabletIdOf } from './credential.service';
import type { CredentialRow } from './credentials.repository';

const hashOf = (secret: string) => createHash('sha256').update(secret).digest();
const row = (patch: Partial<CredentialRow>): CredentialRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'tablet',
  vehicle_id: null,
  driver_id: null,
  role: null,
  token_hash: hashOf('tab-gnv'),
  label: '',
  origin: 'config',
  created_at: new Date(),
  created_by: null,
  revoked_at: null,
  revoked_by: null,
  ...patch,
});

describe('principalOfCredential', () => {
  it('turns each kind of stored credential into its principal and role', () => {
    const tabletId = `GNV-01/${hashOf('tab-gnv').toString('hex').slice(0, 10)}`;
    expect(principalOfCredential(row({ kind: 'tablet', vehicle_id: 'GNV-01' }))).toMatchObject({
      kind: 'tablet',
      roles: ['tablet'],
      vehicleId: 'GNV-01',
      tabletId,
      label: `tablet:${tabletId}`,
    });
    expect(principalOfCredential(row({ kind: 'driver', driver_id: 'D-02' }))).toMatchObject({
      kind: 'driver',
      roles: ['driver'],
      driverId: 'D-02',
      label: 'driver:D-02',
    });
    expect(principalOfCredential(row({ kind: 'service', role: 'engineer' }))).toMatchObject({
      kind: 'service',
      roles: ['engineer'],
      label: expect.stringMatching(/^engineer:[0-9a-f]{8}$/),
    });
  });

  it('keeps the tablet id the tablets had when tokens lived in the environment (vehicle + 10 hex of the SHA-256)', () => {
    expect(tabletIdOf('DSL-01', hashOf('tablet-dsl-01-dev'))).toBe(
      `DSL-01/${createHash('sha256').update('tablet-dsl-01-dev').digest('hex').slice(0, 10)}`,
    );
  });

  it('never keeps a secret in a principal', () => {
    expect(JSON.stringify(principalOfCredential(row({ kind: 'tablet', vehicle_id: 'GNV-01' })))).not.toContain('tab-gnv');
  });
});

describe('credential seeds in the environment', () => {
  it('start-up refuses one secret shared by two principals', () => {
    expect(() => loadConfig({ ENGINEER_TOKENS: 'same', ADMIN_TOKENS: 'same' })).toThrowError(
      /ADMIN_TOKENS #1: the same secret as ENGINEER_TOKENS #1/,
    );
    expect(() => loadConfig({ TABLET_TOKENS: 'GNV-01:x', DRIVER_CODES: 'D-01:x' })).toThrowError(
      /DRIVER_CODES D-01: the same secret as TABLET_TOKENS GNV-01/,
    );
  });
});
