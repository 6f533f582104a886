/**
 * The live bus across processes (PostgreSQL LISTEN/NOTIFY): an ingest-only process commits
 * telemetry received over MQTT, an API-only process pushes it to its SSE clients. And the bridge
 * itself: no message delivered twice to the process that published it, reconnection after the
 * listening connection is killed. Needs a real PostgreSQL (TEST_DATABASE_URL): the embedded PGlite
 * is one session, where a NOTIFY only reaches the connection that sent it (docs/alerts.md), and the
 * embedded mode is one process, whose in-process bus test/ingest.e2e-spec.ts covers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { LiveMessage } from '@app/contract';
import { loadConfig } from '../apps/server/src/config/app-config';
import { dataSourceOptions } from '../apps/server/src/database/data-source';
import { LISTENER_APPLICATION_NAME, PgLiveBridge } from '../apps/server/src/infra/pg-live-bridge';
import { LiveBus } from '../apps/server/src/live/live-bus.service';
import { clearRetained, eventually } from './support/app';
import { createTestBroker, createTestDatabase, testFleetCredentials, type TestBroker, type TestDatabase } from './support/servers';
import { encode, telemetry } from './support/messages';
import { openLiveStream } from './support/sse';
import { freePort } from './support/ports';

const realPostgres = Boolean(process.env.TEST_DATABASE_URL);
const root = resolve(__dirname, '..');

describe.skipIf(!realPostgres)('live bus across processes (real PostgreSQL; skipped without TEST_DATABASE_URL)', () => {
  let database: TestDatabase;
  let broker: TestBroker;
  const children: ChildProcess[] = [];
  let unit: MqttClient | undefined;

  async function startChild(modules: string, port: number): Promise<ChildProcess> {
    const proc = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/server/src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        MQTT_URL: broker.url,
        MQTT_USERNAME: broker.creds.serverUser,
        MQTT_PASSWORD: broker.creds.serverPassword,
        MQTT_CLEAN_SESSION: 'true',
        FLEET_CREDENTIALS: testFleetCredentials(),
        HTTP_PORT: String(port),
        LOG_LEVEL: 'warn',
        MODULES: modules,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(proc);
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, `${modules} process healthy`, 90_000);
    return proc;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    broker = await createTestBroker();
    await clearRetained(broker);
  });

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await unit?.endAsync(true).catch(() => undefined);
    await clearRetained(broker);
    await broker?.stop();
    await database?.stop();
  });

  it('pushes telemetry committed by an ingest-only process to the SSE clients of an API-only process', async () => {
    const ingestPort = await freePort();
    const apiPort = await freePort();
    // One after the other: both run the migrations at start-up (TypeORM locks), sequential is quicker here.
    await startChild('ingest', ingestPort);
    await startChild('api', apiPort);

    const sse = await openLiveStream(`http://127.0.0.1:${apiPort}/api/v1/live?vehicleId=GNV-01`);

    unit = await mqtt.connectAsync(broker.url, { username: 'GNV-01', password: broker.creds.fleet['GNV-01'], reconnectPeriod: 0 });
    // The API process's listener may still be connecting: publish until a sample comes through.
    let seq = 0;
    await eventually(
      async () => {
        await unit!.publishAsync('fleet/GNV-01/telemetry', encode(telemetry('GNV-01', seq++)), { qos: 1 });
        await new Promise((r) => setTimeout(r, 200));
        return sse.messages.some((m) => m.kind === 'telemetry');
      },
      'a telemetry message on the API process’s SSE stream',
      60_000,
    );

    const last = seq + 4;
    for (; seq <= last; seq++) await unit.publishAsync('fleet/GNV-01/telemetry', encode(telemetry('GNV-01', seq)), { qos: 1 });
    await eventually(
      async () => sse.messages.some((m) => m.kind === 'telemetry' && m.sample.seq === last),
      `seq ${last} on the SSE stream`,
      60_000,
    );
    sse.close();

    const samples = sse.messages.filter((m): m is Extract<LiveMessage, { kind: 'telemetry' }> => m.kind === 'telemetry');
    expect(samples[0].vehicleId).toBe('GNV-01');
    expect(samples[0].sample).toMatchObject({ fuel: { type: 'cng' }, cabin: { co2Ppm: expect.any(Number) } });
    expect(samples[0].sample.fuel.tankMassKg).toBeGreaterThan(0);
    // Latest sample per batch only, each at most once.
    const seqs = samples.map((s) => s.sample.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  describe('the bridge', () => {
    let dataSource: DataSource;
    const bridges: PgLiveBridge[] = [];

    beforeAll(async () => {
      dataSource = new DataSource(dataSourceOptions(database.url, 2));
      await dataSource.initialize();
    });
    afterAll(async () => {
      for (const b of bridges) await b.onApplicationShutdown();
      await dataSource?.destroy();
    });

    async function bridge(modules: string): Promise<{ bus: LiveBus; bridge: PgLiveBridge; seen: LiveMessage[] }> {
      const bus = new LiveBus();
      const seen: LiveMessage[] = [];
      bus.messages.subscribe((m) => seen.push(m));
      const b = new PgLiveBridge(
        loadConfig({ MODULES: modules }),
        { databaseUrl: database.url, databaseKind: 'postgres', mqttUrl: '', mqttKind: 'external' },
        bus,
        dataSource,
      );
      await b.onApplicationBootstrap();
      bridges.push(b);
      return { bus, bridge: b, seen };
    }

    const status = (n: number): LiveMessage => ({
      kind: 'status',
      vehicleId: 'GNV-01',
      online: true,
      ts: new Date(Date.UTC(2018, 5, 11, 7, 0, n)).toISOString(),
    });

    it('delivers a message once to its own process and once to each other API process, in order, in as few NOTIFYs as fit', async () => {
      const a = await bridge('ingest,api');
      const b = await bridge('api');
      await eventually(async () => a.bridge.listening && b.bridge.listening, 'both listening');
      for (let i = 0; i < 50; i++) a.bus.publish(status(i));
      await eventually(async () => b.seen.length >= 50, 'the other process got all 50');
      await eventually(async () => a.bridge.stats.ownDropped >= 1, 'its own notification came back and was dropped');
      await new Promise((r) => setTimeout(r, 300));
      expect(a.seen).toHaveLength(50);
      expect(b.seen).toEqual(a.seen);
      expect(a.bridge.stats.sent).toBeLessThan(5);
    });

    it('reconnects when its listening connection is killed, tells the pages to re-read, and carries messages again', async () => {
      const a = await bridge('ingest');
      const b = await bridge('api');
      await eventually(async () => b.bridge.listening, 'listening');
      const admin = new Client(database.url);
      await admin.connect();
      const { rowCount } = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
        [LISTENER_APPLICATION_NAME],
      );
      await admin.end();
      expect(rowCount).toBeGreaterThan(0);
      await eventually(
        async () => b.bridge.stats.reconnects >= 1 && b.seen.some((m) => m.kind === 'resync'),
        'reconnected with a resync',
        60_000,
      );
      const after = status(99);
      a.bus.publish(after);
      await eventually(
        async () => b.seen.some((m) => m.kind === 'status' && m.ts === (after as { ts: string }).ts),
        'a message after the reconnection',
        30_000,
      );
    });
  });
});
