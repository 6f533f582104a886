/**
 * TLS at both edges (issue 12), with a throw-away CA made by openssl at test time
 * (deploy/mosquitto/make-certs.sh; no key is ever committed):
 *  - the embedded broker's mqtts:// listener: a unit that trusts the CA publishes and gets its Ack;
 *    one that does not is refused at the handshake;
 *  - HTTPS served directly (HTTP_TLS_*);
 *  - Mosquitto's TLS listener (a Mosquitto started by this test on a free port with the project's
 *    ACL and use_username_as_clientid), the server connecting over mqtts:// with MQTT_CA_FILE.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../apps/server/src/bootstrap';
import { loadConfig } from '../apps/server/src/config/app-config';
import { eventually } from './support/app';
import { encode, telemetry } from './support/messages';
import { freePort } from './support/ports';
import { createTestDatabase, TEST_MQTT_CREDENTIALS, testFleetCredentials, type TestDatabase } from './support/servers';

const root = resolve(__dirname, '..');
const hasMosquitto = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v mosquitto && command -v mosquitto_passwd'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let dir: string;
let ca: Buffer;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trial-tls-'));
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
  let mosquitto: ChildProcess;
  let database: TestDatabase;
  let server: RunningServer;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    const conf = join(dir, 'mosquitto');
    execFileSync('mkdir', ['-p', conf]);
    execFileSync('sh', [join(root, 'deploy/mosquitto/make-passwd.sh'), join(conf, 'passwd')], {
      env: {
        ...process.env,
        MQTT_USERNAME: TEST_MQTT_CREDENTIALS.serverUser,
        MQTT_PASSWORD: TEST_MQTT_CREDENTIALS.serverPassword,
        FLEET_CREDENTIALS: testFleetCredentials(),
      },
    });
    // The listener first: Debian's Mosquitto 2.0.11 otherwise also opens the default port 1883.
    writeFileSync(
      join(conf, 'mosquitto.conf'),
      [
        `listener ${port} 127.0.0.1`,
        'per_listener_settings false',
        'allow_anonymous false',
        `password_file ${conf}/passwd`,
        `acl_file ${root}/deploy/mosquitto/acl`,
        'use_username_as_clientid true',
        'persistence false',
        'max_queued_messages 100000',
        `certfile ${dir}/certs/server.crt`,
        `keyfile ${dir}/certs/server.key`,
        `cafile ${dir}/certs/ca.crt`,
        'tls_version tlsv1.2',
        '',
      ].join('\n'),
    );
    // Started as root, Mosquitto drops to its own user: let it read the files.
    execFileSync('sh', ['-c', `id mosquitto >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && chown -R mosquitto ${dir} || true`]);
    mosquitto = spawn('mosquitto', ['-c', join(conf, 'mosquitto.conf')], { stdio: 'ignore' });
    url = `mqtts://127.0.0.1:${port}`;
    await eventually(async () => {
      const c = await mqtt.connectAsync(url, {
        username: 'GNV-01',
        password: TEST_MQTT_CREDENTIALS.fleet['GNV-01'],
        ca,
        reconnectPeriod: 0,
        connectTimeout: 1000,
      });
      await c.endAsync();
      return true;
    }, 'Mosquitto listening over TLS');
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
    mosquitto?.kill();
  });

  it('the server ingests over mqtts:// (trusting the private CA) and the unit gets its Ack over TLS', async () => {
    expect(((await (await fetch(`${server.httpUrl}/health`)).json()) as { broker: { status: string } }).broker.status).toBe('up');
    await publishAndAck(url, 5, { ca });
  });
});
