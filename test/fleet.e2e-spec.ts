/**
 * A fleet in the simulator (issue 13): 20 coaches on lines 101 and 102, registered with their
 * tablets through the admin API (as `npm run provision` does), drive a service morning through the
 * embedded mode — the embedded Aedes accepting each unit by its registered
 * secret, the real ingest and database — and the replay reconciles clean: nothing missing in any
 * stream of any coach. The rollup then matches each coach's trips against its own line's GTFS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { simulate, type SimulationResult } from '../simulator/src';
import { generateFleet, type FleetEntry } from '../simulator/src/fleet';
import { provisionFleet } from '../simulator/src/provision';
import { startServer, type RunningServer } from '../apps/server/src/bootstrap';
import { loadConfig } from '../apps/server/src/config/app-config';
import { RollupService } from '../apps/server/src/analytics/rollup.service';
import { createTestDatabase, testFleetCredentials, type TestDatabase } from './support/servers';

const DATE = '2018-06-12';

let database: TestDatabase;
let server: RunningServer;
let sql: Client;
let fleet: FleetEntry[];
let result: SimulationResult;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServer(
    loadConfig({
      DATABASE_URL: database.url,
      HTTP_PORT: '0',
      MQTT_PORT: '0',
      MQTT_CLEAN_SESSION: 'true',
      LOG_LEVEL: 'warn',
      FLEET_CREDENTIALS: testFleetCredentials(),
      // On this thread: vitest cannot load a worker's TypeScript (`npm run trial --fleet` runs the broker's thread).
      EMBEDDED_THREADS: 'false',
    }),
  );
  sql = new Client(database.url);
  await sql.connect();
  fleet = (await provisionFleet({ apiUrl: server.httpUrl, token: 'admin-dev-token', vehicles: generateFleet(20) })).vehicles;
  // A service morning: the coaches wake at 05:45 and each has run its first trip by 07:00.
  result = await simulate({
    from: DATE,
    to: DATE,
    until: '07:00',
    seed: 13,
    mqttUrl: server.runtime.mqttUrl,
    apiUrl: server.httpUrl,
    fleet,
    ackTimeoutMs: 10_000,
  });
}, 900_000);

afterAll(async () => {
  await sql?.end();
  await server?.stop();
  await database?.stop();
});

describe('a fleet of 20 coaches on two lines, through the embedded mode', () => {
  it('registers 20 coaches, 10 per line, each with its own unit secret and tablet token', () => {
    expect(fleet).toHaveLength(20);
    expect(fleet.filter((v) => v.lineId === '102')).toHaveLength(10);
    expect(new Set(fleet.map((v) => v.powertrain))).toEqual(new Set(['cng', 'diesel', 'biognv', 'hybrid']));
    expect(new Set(fleet.map((v) => v.unitSecret)).size).toBe(20);
    expect(new Set(fleet.map((v) => v.tabletToken)).size).toBe(20);
  });

  it('reconciles clean: every coach, every stream, nothing missing or refused', () => {
    const r = result.report;
    expect(r.drained).toBe(true);
    expect(r.reconciliationError).toBeNull();
    expect(r.reconciliation!.unexpected).toEqual([]);
    expect(r.reconciliation!.missing).toBe(0);
    expect(r.reconciliation!.clean).toBe(true);
    const coaches = new Set(r.reconciliation!.rows.filter((row) => row.stream === 'telemetry' && row.sent > 0).map((row) => row.vehicleId));
    expect(coaches).toEqual(new Set(fleet.map((v) => v.id)));
  });

  it('stores exactly what each coach sent', async () => {
    const { rows } = await sql.query<{ vehicle_id: string; n: number }>(
      `SELECT vehicle_id, count(*)::int AS n FROM telemetry GROUP BY vehicle_id`,
    );
    const stored = Object.fromEntries(rows.map((row) => [row.vehicle_id, row.n]));
    for (const v of fleet) expect(stored[v.id], v.id).toBe(result.groundTruth.vehicles[v.id].messages.sent.telemetry);
  });

  it('matches each coach’s trips against its own line', async () => {
    await server.app.get(RollupService).recompute(null, DATE, DATE);
    const { rows } = await sql.query<{ line_id: string; gtfs_trip_id: string }>(
      `SELECT v.line_id, t.gtfs_trip_id FROM trip_rollup t JOIN vehicle v ON v.id = t.vehicle_id WHERE t.gtfs_trip_id IS NOT NULL`,
    );
    for (const row of rows) expect(row.gtfs_trip_id.startsWith(`${row.line_id}-`), row.gtfs_trip_id).toBe(true);
    expect(rows.some((row) => row.line_id === '101')).toBe(true);
    expect(rows.some((row) => row.line_id === '102')).toBe(true);
  });
});
