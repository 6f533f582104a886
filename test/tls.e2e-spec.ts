/**
 * TLS at both edges (issue 12), with a throw-away CA made by openssl at test time
 * (deploy/mosquitto/make-certs.sh; no key is ever committed):
 *  - the embedded broker's mqtts:// listener: a unit that trusts the CA publishes and gets its Ack;
 *    one that does not is refused at the handshake;
 *  - HTTPS served directly (HTTP_TLS_*);
 *  - Mosquitto's TLS listener (a Mosquitto started by this test on a free port with the project's
 *    ACL and use_username_as_clientid), the server connecting over mqtts:// with MQTT_CA_FILE.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../apps/server/src/bootstrap';
import { loadConfig } from '../apps/server/src/config/app-config';
import { eventually } from './support/app';
import { encode, telemetry } from './support/messages';
import { hasMosquitto, startPrivateMosquitto, type PrivateMosquitto } from './support/private-mosquitto';
import { createTestDatabase, TEST_MQTT_CREDENTIALS, testFleetCredentials, type TestDatabase } from './support/servers';

const root = resolve(__dirname, '..');

let dir: string;
let ca: Buffer;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trial-tls-'));
  chmodSync(dir, 0o755); // the private Mosquitto runs as its own user
  execFileSync(join(root, 'deploy/mosquitto/make-certs.sh'), [join(dir, 'certs')], { stdio: 'ignore' });
  ca = readFileSync(join(dir, 'certs/ca.crt'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Publishes seqs 0..n-1 as GNV-01 and resolves when the Ack covers them. */
async function publishAndAck(url: string, n: number, options: mqtt.IClientOptions = {}): Promise<void> {
  const unit = await mqtt.connectAsync(url, {
    username: 'GNV-01',
    password: TEST_MQTT_CREDENTIALS.fleet['GNV-01'],
    reconnectPeriod: 0,
    ...options,
  });
  try {
    let acked = -1;
    unit.on('message', (_t, payload) => payload.length && (acked = (JSON.parse(payload.toString()) as { telemetry: number }).telemetry));
    await unit.subscribeAsync('fleet/GNV-01/ack', { qos: 1 });
    for (let seq = 0; seq < n; seq++) await unit.publishAsync('fleet/GNV-01/telemetry', encode(telemetry('GNV-01', seq)), { qos: 1 });
    await eventually(async () => acked === n - 1, `the Ack of seqs 0–${n - 1}`);
  } finally {
    await unit.endAsync();
  }
}

describe('embedded broker over TLS, and HTTPS', () => {
  let database: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(
      loadConfig({
        DATABASE_URL: database.url,
        HTTP_PORT: '0',
        MQTT_PORT: '0',
        MQTT_TLS_PORT: '0',
        MQTT_TLS_HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        FLEET_CREDENTIALS: testFleetCredentials(),
        EMBEDDED_THREADS: 'false',
        MQTT_TLS_CERT_FILE: join(dir, 'certs/server.crt'),
        MQTT_TLS_KEY_FILE: join(dir, 'certs/server.key'),
        HTTP_TLS_CERT_FILE: join(dir, 'certs/server.crt'),
        HTTP_TLS_KEY_FILE: join(dir, 'certs/server.key'),
      }),
    );
  });

  afterAll(async () => {
    await server?.stop();
    await database?.stop();
  });

  it('a unit that trusts the CA publishes over mqtts:// and gets its Ack', async () => {
    expect(server.brokerTlsUrl).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
    await publishAndAck(server.brokerTlsUrl!, 5, { ca });
  });

  it('a unit that does not trust the certificate is refused at the handshake', async () => {
    await expect(
      mqtt.connectAsync(server.brokerTlsUrl!, {
        username: 'GNV-01',
        password: TEST_MQTT_CREDENTIALS.fleet['GNV-01'],
        reconnectPeriod: 0,
        connectTimeout: 5000,
      }),
    ).rejects.toThrow(/self.signed|unable to verify|certificate/i);
  });

  it('serves HTTPS with the given certificate', async () => {
    expect(server.httpUrl).toMatch(/^https:\/\//);
    const status = await new Promise<number>((res, rej) =>
      get(`${server.httpUrl}/health`, { ca }, (r) => res(r.statusCode ?? 0)).on('error', rej),
    );
    expect(status).toBe(200);
  });
});

describe.skipIf(!hasMosquitto)(`Mosquitto over TLS${hasMosquitto ? '' : ' (SKIPPED: mosquitto not installed)'}`, () => {
  let mosquitto: PrivateMosquitto;
  let database: TestDatabase;
  let server: RunningServer;
  let url: string;

  beforeAll(async () => {
    const certs = join(dir, 'certs');
    mosquitto = await startPrivateMosquitto({
      dir: join(dir, 'mosquitto'),
      tls: { cert: join(certs, 'server.crt'), key: join(certs, 'server.key'), ca: join(certs, 'ca.crt') },
    });
    url = mosquitto.url;
    database = await createTestDatabase();
    server = await startServer(
      loadConfig({
        DATABASE_URL: database.url,
        HTTP_PORT: '0',
        MQTT_URL: url,
        MQTT_CA_FILE: join(dir, 'certs/ca.crt'),
        LOG_LEVEL: 'warn',
        MQTT_USERNAME: TEST_MQTT_CREDENTIALS.serverUser,
        MQTT_PASSWORD: TEST_MQTT_CREDENTIALS.serverPassword,
        FLEET_CREDENTIALS: testFleetCredentials(),
      }),
    );
  });

  afterAll(async () => {
    await server?.stop();
    await database?.stop();
    await mosquitto?.stop();
  });

  it('the server ingests over mqtts:// (trusting the private CA) and the unit gets its Ack over TLS', async () => {
    expect(((await (await fetch(`${server.httpUrl}/health`)).json()) as { broker: { status: string } }).broker.status).toBe('up');
    await publishAndAck(url, 5, { ca });
  });
});
