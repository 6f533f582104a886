/**
 * Real servers for tests, never mocks. With TEST_DATABASE_URL / TEST_MQTT_URL set (CI sets them to
 * the machine's PostgreSQL and Mosquitto) tests use those; otherwise the embedded PGlite and Aedes.
 * Each call gets its own fresh database so test files never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startEmbeddedDatabase } from '../../apps/server/src/infra/embedded-database';
import { startEmbeddedBroker } from '../../apps/server/src/infra/embedded-broker';
import type { MqttCredentials } from '../../apps/server/src/infra/mqtt-acl';

export interface TestDatabase {
  url: string;
  kind: 'postgres' | 'pglite';
  stop(): Promise<void>;
}

/** stop() may be called twice (a test that stops the database early, then the teardown). */
const once = (stop: () => Promise<void>): (() => Promise<void>) => {
  let stopping: Promise<void> | undefined;
  return () => (stopping ??= stop());
};

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedDatabase();
    return { url: embedded.url, kind: 'pglite', stop: once(() => embedded.stop()) };
  }
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client(serverUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'postgres',
    stop: once(async () => {
      const c = new Client(serverUrl);
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    }),
  };
}

/** Credentials used by tests; CI's Mosquitto password file is generated from the same values. */
export const TEST_MQTT_CREDENTIALS: MqttCredentials = {
  serverUser: process.env.TEST_MQTT_USERNAME ?? 'ingest',
  serverPassword: process.env.TEST_MQTT_PASSWORD ?? 'ingest-dev-secret',
  fleet: {
    'GNV-01': 'gnv-01-dev-secret',
    'DSL-01': 'dsl-01-dev-secret',
    'TEST-99': 'test-99-dev-secret',
  },
};

export interface TestBroker {
  url: string;
  kind: 'mosquitto' | 'aedes';
  creds: MqttCredentials;
  stop(): Promise<void>;
}

/**
 * CI's Mosquitto when TEST_MQTT_URL is set, else an embedded Aedes. `embedded: true` always starts
 * a private Aedes: for a test that plays the ingest itself with the server's login while other
 * test files run, since on a shared broker the client id is the login and the two would take each
 * other's session.
 */
export async function createTestBroker(options: { embedded?: boolean } = {}): Promise<TestBroker> {
  const url = options.embedded ? undefined : process.env.TEST_MQTT_URL;
  if (url) return { url, kind: 'mosquitto', creds: TEST_MQTT_CREDENTIALS, stop: async () => {} };
  const embedded = await startEmbeddedBroker(TEST_MQTT_CREDENTIALS);
  return { url: embedded.url, kind: 'aedes', creds: TEST_MQTT_CREDENTIALS, stop: () => embedded.stop() };
}

/** FLEET_CREDENTIALS string form of the test credentials. */
export const testFleetCredentials = (): string =>
  Object.entries(TEST_MQTT_CREDENTIALS.fleet)
    .map(([id, secret]) => `${id}:${secret}`)
    .join(',');
