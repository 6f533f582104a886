/**
 * The fleet's registry over HTTP (issue 13): an admin registers a coach and gets its unit's MQTT
 * secret once; the embedded broker accepts that unit at once (its argon2id hash read from the
 * database), the ingest stores its messages, and a tablet token can be made for it. Who may call
 * the routes, and every refusal in the one error shape.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredVehicleSchema, vehicleRecordSchema } from '@app/contract';
import { z } from 'zod';
import { startServer, type RunningServer } from '../apps/server/src/bootstrap';
import { loadConfig } from '../apps/server/src/config/app-config';
import { errorShape } from './auth/support';
import { call } from './feedback/support';
import { eventually } from './support/app';
import { encode, telemetry } from './support/messages';
import { createTestDatabase, testFleetCredentials, type TestDatabase } from './support/servers';
import { Client } from 'pg';

const ADMIN = 'admin-dev-token';
const ENGINEER = 'engineer-dev-token';
const TABLET = 'tablet-gnv-01-dev';
const COACH = { id: 'GNV-02', label: 'Interlink bioGNV 2', powertrain: 'biognv', lineId: '101' } as const;

let database: TestDatabase;
let server: RunningServer;
let base: string;
let sql: Client;
let secret: string;

beforeAll(async () => {
  database = await createTestDatabase();
  // The embedded broker (MQTT_URL unset): the one that reads the registered units' hashes.
  server = await startServer(
    loadConfig({
      DATABASE_URL: database.url,
      HTTP_PORT: '0',
      MQTT_PORT: '0',
      MQTT_CLEAN_SESSION: 'true',
      LOG_LEVEL: 'warn',
      FLEET_CREDENTIALS: testFleetCredentials(),
      EMBEDDED_THREADS: 'false',
    }),
  );
  base = server.httpUrl;
  sql = new Client(database.url);
  await sql.connect();
}, 120_000);

afterAll(async () => {
  await sql?.end();
  await server?.stop();
  await database?.stop();
});

const post = (body: unknown, token = ADMIN) => call(base, 'POST', '/api/v1/admin/vehicles', { token, body });

describe('POST/GET /api/v1/admin/vehicles', () => {
  it('is for admins only: 401 without a credential, 403 for an engineer or a tablet', async () => {
    for (const method of ['GET', 'POST']) {
      const body = method === 'POST' ? COACH : undefined;
      const path = '/api/v1/admin/vehicles';
      expect((await call(base, method, path, { body })).body).toEqual(errorShape(401, 'unauthorized'));
      expect((await call(base, method, path, { body, token: ENGINEER })).body).toEqual(errorShape(403, 'forbidden'));
      expect((await call(base, method, path, { body, token: TABLET })).body).toEqual(errorShape(403, 'forbidden'));
    }
    expect((await sql.query(`SELECT 1 FROM vehicle WHERE id = $1`, [COACH.id])).rowCount).toBe(0);
  });

  it('refuses a bad body, naming the field and the rule', async () => {
    const refusal = async (body: unknown) => {
      const reply = await post(body);
      return `${reply.status} ${reply.body.code} ${reply.body.errors.map((e: { path: string }) => e.path).join(',')}`;
    };
    expect(await refusal({ ...COACH, id: 'gnv 2' })).toBe('400 validation_failed id');
    expect(await refusal({ ...COACH, powertrain: 'steam' })).toBe('400 validation_failed powertrain');
    expect(await refusal({ ...COACH, colour: 'green' })).toBe('400 validation_failed colour');
    expect(await refusal({ ...COACH, lineId: '999' })).toBe('422 unknown_line lineId');
    expect(await refusal({ ...COACH, powertrain: 'hydrogen' })).toBe('422 unsupported_powertrain powertrain');
    expect(await refusal({ ...COACH, id: 'GNV-01' })).toBe('409 vehicle_exists id');
  });

  it('registers a coach, answers its unit secret once and stores only an argon2id hash', async () => {
    const reply = await post(COACH);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const created = registeredVehicleSchema.parse(reply.body);
    expect(created.vehicle).toMatchObject({ ...COACH, fuelType: 'cng', unitCredential: true });
    secret = created.unitSecret;
    expect(secret).toMatch(/^unit_[A-Za-z0-9_-]{43}$/);
    const { rows } = await sql.query(`SELECT secret_hash FROM vehicle_unit_credential WHERE vehicle_id = $1`, [COACH.id]);
    expect(rows[0].secret_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0].secret_hash).not.toContain(secret);

    const list = await call(base, 'GET', '/api/v1/admin/vehicles', { token: ADMIN });
    expect(list.status).toBe(200);
    const vehicles = z.array(vehicleRecordSchema).parse(list.body);
    expect(vehicles.map((v) => v.id)).toEqual(['DSL-01', 'GNV-01', 'GNV-02']);
    expect(vehicles.find((v) => v.id === 'DSL-01')).toMatchObject({ powertrain: 'diesel', lineId: '101', unitCredential: false });
    expect(list.text).not.toContain(secret);
    expect((await post(COACH)).body).toEqual(errorShape(409, 'vehicle_exists'));
  });

  it('the embedded broker accepts the unit at once, and the ingest stores and acknowledges its messages', async () => {
    await expect(
      mqtt.connectAsync(server.runtime.mqttUrl, { username: COACH.id, password: 'unit_wrong', reconnectPeriod: 0 }),
    ).rejects.toThrow(/bad username or password|Not authorized/i);
    const unit = await mqtt.connectAsync(server.runtime.mqttUrl, { username: COACH.id, password: secret, reconnectPeriod: 0 });
    try {
      let acked = -1;
      unit.on('message', (_t, p) => p.length && (acked = (JSON.parse(p.toString()) as { telemetry: number }).telemetry));
      await unit.subscribeAsync(`fleet/${COACH.id}/ack`, { qos: 1 });
      for (let seq = 0; seq < 3; seq++)
        await unit.publishAsync(`fleet/${COACH.id}/telemetry`, encode(telemetry(COACH.id, seq)), { qos: 1 });
      await eventually(async () => acked === 2, 'the Ack of seqs 0–2');
    } finally {
      await unit.endAsync();
    }
    const stored = await sql.query(`SELECT count(*)::int AS n FROM telemetry WHERE vehicle_id = $1`, [COACH.id]);
    expect(stored.rows[0].n).toBe(3);
    // A reconnection with the same secret (remembered, no second argon2 verification) is accepted too.
    const again = await mqtt.connectAsync(server.runtime.mqttUrl, { username: COACH.id, password: secret, reconnectPeriod: 0 });
    await again.endAsync();
  });

  it('takes a tablet token for the registered coach', async () => {
    const reply = await call(base, 'POST', '/api/v1/admin/credentials', { token: ADMIN, body: { kind: 'tablet', vehicleId: COACH.id } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  });

  it('replaces a unit’s secret: the old one is refused at once, the new one accepted; admins only; an unknown vehicle is a 404', async () => {
    const path = `/api/v1/admin/vehicles/${COACH.id}/unit-secret`;
    expect((await call(base, 'POST', path, {})).body).toEqual(errorShape(401, 'unauthorized'));
    expect((await call(base, 'POST', path, { token: ENGINEER })).body).toEqual(errorShape(403, 'forbidden'));
    expect((await call(base, 'POST', '/api/v1/admin/vehicles/NOPE-01/unit-secret', { token: ADMIN })).body).toEqual(
      errorShape(404, 'not_found'),
    );
    expect((await call(base, 'POST', '/api/v1/admin/vehicles/not%20an%20id/unit-secret', { token: ADMIN })).body).toEqual(
      errorShape(400, 'validation_failed'),
    );
    const reply = await call(base, 'POST', path, { token: ADMIN });
    expect(reply.status).toBe(201);
    const rotated = registeredVehicleSchema.parse(reply.body);
    expect(rotated.unitSecret).not.toBe(secret);
    expect(rotated.vehicle).toMatchObject({ id: COACH.id, unitCredential: true });
    await expect(mqtt.connectAsync(server.runtime.mqttUrl, { username: COACH.id, password: secret, reconnectPeriod: 0 })).rejects.toThrow(
      /bad username or password|Not authorized/i,
    );
    const unit = await mqtt.connectAsync(server.runtime.mqttUrl, { username: COACH.id, password: rotated.unitSecret, reconnectPeriod: 0 });
    await unit.endAsync();
    secret = rotated.unitSecret;
  });
});
