import { describe, expect, it } from 'vitest';
import { HTTP_ROLES, may, PERMISSIONS, PERMISSION_NAMES, permissionsOf } from './permissions';

describe('permissions', () => {
  it('grant only roles of the HTTP API (vehicles speak MQTT only)', () => {
    for (const roles of Object.values(PERMISSIONS)) {
      expect(roles.length).toBeGreaterThan(0);
      for (const role of roles) expect(HTTP_ROLES).toContain(role);
    }
    expect(HTTP_ROLES).not.toContain('vehicle');
  });

  it('keep individual answers and driver identity for engineers', () => {
    for (const p of ['ratings.read', 'questionnaires.read', 'drivers.identify'] as const) {
      expect(may(['engineer'], p)).toBe(true);
      expect(may(['policymaker'], p)).toBe(false);
      expect(may(['admin'], p)).toBe(false);
    }
    expect(may(['policymaker'], 'summaries.read')).toBe(true);
  });

  it('admin manages users, devices and the trial configuration and does not imply engineer; several roles add up', () => {
    expect(permissionsOf(['admin'])).toEqual(['trial.read', 'trial.manage', 'rollups.run', 'users.manage', 'devices.manage']);
    expect(permissionsOf(['admin', 'engineer'])).toEqual(expect.arrayContaining(['users.manage', 'ratings.read']));
    expect(permissionsOf(['tablet'])).toEqual(['ratings.submit']);
    expect(permissionsOf(['driver'])).toEqual(['questionnaires.submit']);
    expect(PERMISSION_NAMES.every((p) => p.includes('.'))).toBe(true);
  });
});
