/**
 * The trial configuration over HTTP, as a user sees it: the start-up seed (the 2018 trial), who
 * may read it (engineers, policymakers, admins) and who may change it (admins), every refusal in
 * the one error shape, and the comparison and the vehicle list following a change at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIAL_NAME, TRIAL_PERIOD } from '@app/data';
import { comparisonRowSchema, trialConfigSchema, type TrialUpdate } from '@app/contract';
import { z } from 'zod';
import { startTestServer, type TestServer } from './support/app';
import { call } from './feedback/support';
import { ADMIN, createUser, errorShape, sessionOf } from './auth/support';
import { seedTrial } from '../apps/server/src/database/trial-seed';

const ENGINEER = 'engineer-dev-token';
const ADMIN_TOKEN = 'admin-dev-token';
const BODY: TrialUpdate = {
  name: 'Essai 2019',
  from: '2018-06-11',
  to: '2018-06-12',
  vehicles: [
    { vehicleId: 'DSL-01', role: 'candidate' },
    { vehicleId: 'GNV-01', role: 'reference' },
  ],
};

let t: TestServer;
let base: string;
let policymaker: string;

beforeAll(async () => {
  t = await startTestServer();
  base = t.server.httpUrl;
  const admin = await sessionOf(base, ADMIN.username, ADMIN.password);
  const user = await createUser(base, admin, 'policy', ['policymaker']);
  policymaker = await sessionOf(base, user.username, user.password);
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

const put = (body: unknown, token = ADMIN_TOKEN) => call(base, 'PUT', '/api/v1/admin/trial', { token, body });

describe('trial configuration API', () => {
  it('starts as the 2018 trial: GNV-01 the candidate, DSL-01 the reference, the trial period', async () => {
    const reply = await call(base, 'GET', '/api/v1/trial', { token: ENGINEER });
    expect(reply.status).toBe(200);
    expect(trialConfigSchema.parse(reply.body)).toMatchObject({
      name: TRIAL_NAME,
      ...TRIAL_PERIOD,
      updatedBy: null,
      vehicles: [
        { vehicleId: 'GNV-01', role: 'candidate', fuelType: 'cng' },
        { vehicleId: 'DSL-01', role: 'reference', fuelType: 'diesel' },
      ],
    });
  });

  it('policymakers and admins read it; nobody else; only admins change it', async () => {
    expect((await call(base, 'GET', '/api/v1/trial', { headers: { cookie: policymaker } })).status).toBe(200);
    expect((await call(base, 'GET', '/api/v1/trial', { token: ADMIN_TOKEN })).status).toBe(200);
    expect((await call(base, 'GET', '/api/v1/trial')).body).toEqual(errorShape(401, 'unauthorized'));
    expect((await call(base, 'GET', '/api/v1/trial', { token: 'tablet-gnv-01-dev' })).body).toEqual(errorShape(403, 'forbidden'));
    expect((await put(BODY, ENGINEER)).body).toEqual(errorShape(403, 'forbidden'));
    expect((await call(base, 'PUT', '/api/v1/admin/trial', { body: BODY, headers: { cookie: policymaker } })).body).toEqual(
      errorShape(403, 'forbidden'),
    );
    expect((await call(base, 'PUT', '/api/v1/admin/trial', { body: BODY })).body).toEqual(errorShape(401, 'unauthorized'));
  });

  it('refuses a configuration that breaks a rule, naming the field and the rule', async () => {
    const field = async (body: unknown) => {
      const reply = await put(body);
      return {
        status: reply.status,
        code: reply.body.code,
        errors: reply.body.errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`),
      };
    };
    expect(await field({ ...BODY, vehicles: [...BODY.vehicles, { vehicleId: 'GNV-01', role: 'candidate' }] })).toEqual({
      status: 400,
      code: 'validation_failed',
      errors: ['vehicles.2.vehicleId duplicate_vehicle'],
    });
    expect(await field({ ...BODY, vehicles: BODY.vehicles.map((v) => ({ ...v, role: 'candidate' })) })).toEqual({
      status: 400,
      code: 'validation_failed',
      errors: ['vehicles missing_role'],
    });
    expect(await field({ ...BODY, from: '2018-06-12', to: '2018-06-11' })).toMatchObject({ status: 400, errors: ['to custom'] });
    expect(await field({ ...BODY, from: '2018-01-01', to: '2019-06-01' })).toMatchObject({ status: 400, code: 'period_too_long' });
    expect(await field({ ...BODY, colour: 'green' })).toMatchObject({ status: 400, errors: ['colour unrecognized_key'] });
    expect(await field({ ...BODY, vehicles: [...BODY.vehicles, { vehicleId: 'HYD-01', role: 'candidate' }] })).toEqual({
      status: 422,
      code: 'unknown_vehicle',
      errors: ['vehicles.2.vehicleId unknown_vehicle'],
    });
    // Nothing refused was stored.
    expect((await call(base, 'GET', '/api/v1/trial', { token: ENGINEER })).body.name).toBe(TRIAL_NAME);
  });

  it('a change is answered, stored with who made it, and followed by the comparison and the vehicle list', async () => {
    const reply = await put(BODY);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(trialConfigSchema.parse(reply.body)).toMatchObject({
      name: 'Essai 2019',
      from: '2018-06-11',
      to: '2018-06-12',
      updatedBy: expect.any(String),
    });
    expect((await call(base, 'GET', '/api/v1/trial', { headers: { cookie: policymaker } })).body).toEqual(reply.body);

    const comparison = await call(base, 'GET', '/api/v1/comparison?iterations=200', { token: ENGINEER });
    expect(comparison.status).toBe(200);
    const rows = z.array(comparisonRowSchema).parse(comparison.body);
    expect(rows.every((r) => r.candidate.vehicleId === 'DSL-01' && r.reference.vehicleId === 'GNV-01')).toBe(true);
    expect(rows[0].groups.candidate).toEqual({ id: 'DSL-01', label: 'DSL-01', powertrain: 'diesel', vehicleIds: ['DSL-01'] });

    const vehicles = (await call(base, 'GET', '/api/v1/vehicles', { token: ENGINEER })).body as Array<{
      id: string;
      isReference: boolean;
      trialRole: string;
    }>;
    expect(vehicles.map((v) => [v.id, v.trialRole, v.isReference])).toEqual([
      ['DSL-01', 'candidate', false],
      ['GNV-01', 'reference', true],
    ]);
  });

  it('the experience report follows it: a pair it cannot cover is refused by name, another CNG–diesel pair is named', async () => {
    const report = { from: '2018-06-11', to: '2018-06-11', lang: 'en', kind: 'interim' };
    // DSL-01 (diesel) against GNV-01 (CNG): the report's model compares a CNG candidate with a diesel reference.
    const refused = await call(base, 'POST', '/api/v1/reports', { token: ENGINEER, body: report });
    expect(refused.body).toEqual(errorShape(422, 'trial_not_reportable'));
    expect(refused.body.message).toContain('DSL-01 (diesel)');

    await t.sql.query(`INSERT INTO vehicle (id, label, fuel_type) VALUES ('GNV-07', 'Interlink GNV 7', 'cng')`);
    expect(
      (
        await put({
          ...BODY,
          vehicles: [
            { vehicleId: 'GNV-07', role: 'candidate' },
            { vehicleId: 'DSL-01', role: 'reference' },
          ],
        })
      ).status,
    ).toBe(200);
    const made = await call(base, 'POST', '/api/v1/reports', { token: ENGINEER, body: report });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const html = await call(base, 'GET', made.body.version.links.html, { token: ENGINEER });
    expect(html.status).toBe(200);
    expect(html.text).toContain('Trial of GNV-07');
    expect(html.text).toContain('GNV-07 against DSL-01');
  }, 120_000);

  it('the start-up seed never rewrites a configuration the admins changed', async () => {
    const before = (await call(base, 'GET', '/api/v1/trial', { token: ENGINEER })).body;
    await seedTrial(t.sql);
    expect((await call(base, 'GET', '/api/v1/trial', { token: ENGINEER })).body).toEqual(before);
  });
});
