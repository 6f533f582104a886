/**
 * The server is killed with SIGKILL in the middle of a stream and restarted; the publisher keeps
 * every message until the end-to-end Ack covers it and replays the rest. At the end every sample
 * is stored exactly once: a crash between PUBACK and commit costs a resend, nothing else.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { Client } from 'pg';
import { clearRetained, eventually } from './support/app';
import { createTestBroker, createTestDatabase, testFleetCredentials, type TestBroker, type TestDatabase } from './support/servers';
import { encode, telemetry } from './support/messages';

const TOTAL = 3000;
const root = resolve(__dirname, '..');
let database: TestDatabase;
let broker: TestBroker;
let sql: Client;
let child: ChildProcess | undefined;
let unit: MqttClient;

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

async function startChild(port: number): Promise<ChildProcess> {
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
      INGEST_BATCH_MAX: '200',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, 'server child healthy', 60_000);
  return proc;
}

beforeAll(async () => {
  database = await createTestDatabase();
  broker = await createTestBroker();
  await clearRetained(broker);
  sql = new Client(database.url);
  await sql.connect();
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await unit?.endAsync(true);
  await sql?.end();
  await clearRetained(broker);
  await broker?.stop();
  await database?.stop();
});

it('stores every sample exactly once across a SIGKILL and restart', async () => {
  const port = await freePort();
  child = await startChild(port);

  // A minimal on-board unit: outbox until acked, replay what is not covered every second.
  const outbox = new Map<number, Buffer>();
  let acked = -1;
  unit = await mqtt.connectAsync(broker.url, { username: 'GNV-01', password: broker.creds.fleet['GNV-01'], reconnectPeriod: 200 });
  unit.on('message', (_t, payload) => {
    if (!payload.length) return;
    acked = Math.max(acked, JSON.parse(payload.toString()).telemetry);
    for (const seq of outbox.keys()) if (seq <= acked) outbox.delete(seq);
  });
  await unit.subscribeAsync('fleet/GNV-01/ack', { qos: 1 });
  const replay = setInterval(() => {
    for (const [, payload] of outbox) void unit.publishAsync('fleet/GNV-01/telemetry', payload, { qos: 1 }).catch(() => undefined);
  }, 1500);

  let killedAt = -1;
  for (let seq = 0; seq < TOTAL; seq++) {
    const payload = encode(telemetry('GNV-01', seq));
    outbox.set(seq, payload);
    await unit.publishAsync('fleet/GNV-01/telemetry', payload, { qos: 1 });
    if (seq === TOTAL / 2) {
      // Kill while the server is still committing the first half (some of it acked, some not).
      await eventually(async () => acked >= 300, 'first acks', 30_000);
      child.kill('SIGKILL');
      killedAt = seq;
      await new Promise((r) => child!.once('exit', r));
      child = await startChild(port);
    }
  }
  await eventually(
    async () => acked === TOTAL - 1 && outbox.size === 0,
    `ack of all ${TOTAL} (acked ${acked}, outbox ${outbox.size})`,
    90_000,
  );
  clearInterval(replay);

  expect(killedAt).toBeGreaterThan(0);
  const { rows } = await sql.query(
    `SELECT count(*)::int n, count(DISTINCT seq)::int d, min(seq)::int lo, max(seq)::int hi FROM telemetry WHERE vehicle_id='GNV-01'`,
  );
  expect(rows[0]).toEqual({ n: TOTAL, d: TOTAL, lo: 0, hi: TOTAL - 1 });
});
