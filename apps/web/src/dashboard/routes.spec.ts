import { describe, expect, it } from 'vitest';
import { permissionsOf, type Role } from '../../../../libs/contract/src/permissions';
import type { Me } from './api/contract';
import { home, match, mayOpen, ROUTES, seesIndividuals } from './routes';

const person = (...roles: Role[]): Me => ({
  kind: 'user',
  roles,
  permissions: permissionsOf(roles),
  user: { id: 'u', username: 'x', displayName: 'X' },
  session: null,
  vehicleId: null,
  driverId: null,
});
const pages = (me: Me) => ROUTES.filter((r) => r.nav && mayOpen(r, me)).map((r) => r.id);

describe('dashboard routes by role', () => {
  it('gives engineers every page but administration, policymakers the summary pages, admins the admin page', () => {
    expect(pages(person('engineer'))).toEqual(['live', 'trips', 'day', 'compare', 'passengers', 'quality', 'alerts', 'reports']);
    expect(pages(person('policymaker'))).toEqual(['compare', 'passengers', 'quality', 'reports']);
    expect(pages(person('admin'))).toEqual(['admin']);
  });

  it('gives a person with several roles the pages of each, and lands them on the first', () => {
    expect(pages(person('admin', 'engineer'))).toEqual([
      'live',
      'trips',
      'day',
      'compare',
      'passengers',
      'quality',
      'alerts',
      'reports',
      'admin',
    ]);
    expect(home(person('policymaker'))).toBe('/dashboard/compare');
    expect(home(person('admin'))).toBe('/dashboard/admin');
  });

  it('shows individual ratings to engineers only', () => {
    expect(seesIndividuals(person('engineer'))).toBe(true);
    expect(seesIndividuals(person('policymaker'))).toBe(false);
    expect(seesIndividuals(person('admin'))).toBe(false);
  });

  it('matches detail addresses with their parameters, and only numeric alert ids', () => {
    expect(match('/dashboard/trips/GNV-01/2018-06-11%2F07%3A00')).toMatchObject({
      route: { id: 'trip' },
      params: { vehicleId: 'GNV-01', tripKey: '2018-06-11/07:00' },
    });
    expect(match('/dashboard/alerts/42')).toMatchObject({ route: { id: 'alerts' }, params: { alertId: '42' } });
    expect(match('/dashboard/alerts/history')).toBeNull();
  });
});
