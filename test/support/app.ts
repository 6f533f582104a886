/**
 * Boots the real server (the same startServer as `npm start`) against a fresh test database and a
 * test broker. Tests publish through real MQTT clients and read real rows.
 */
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { Client } from 'pg';
import { startServer, type RunningServer } from '../../apps/server/src/bootstrap';
import { loadConfig, type AppConfig } from '../../apps/server/src/config/app-config';
import { createTestBroker, createTestDatabase, testFleetCredentials, type TestBroker, type TestDatabase } from './servers';

export interface TestServer {
  server: RunningServer;
  database: TestDatabase;
  broker: TestBroker;
  config: AppConfig;
  /** A pg client on the test database, for assertions. */
  sql: Client;
  /** An MQTT client logged in as a vehicle (vehicle id = username). */
  connectVehicle(vehicleId: string, options?: mqtt.IClientOptions): Promise<MqttClient>;
  stop(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const broker = await createTestBroker();
  const config = loadConfig({
    NODE_ENV: 'test',
    HTTP_PORT: '0',
    DATABASE_URL: database.url,
    MQTT_URL: broker.url,
    MQTT_USERNAME: broker.creds.serverUser,
    MQTT_PASSWORD: broker.creds.serverPassword,
    // A test server never inherits a previous test's persistent session.
    MQTT_CLEAN_SESSION: 'true',
    FLEET_CREDENTIALS: testFleetCredentials(),
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'pretty',
    ...env,
  });
  await clearRetained(broker);
  const server = await startServer(config);
  const sql = new Client(database.url);
  await sql.connect();
  const clients: MqttClient[] = [];
  return {
    server,
    database,
    broker,
    config,
    sql,
    async connectVehicle(vehicleId, options = {}) {
      const client = await mqtt.connectAsync(broker.url, {
        username: vehicleId,
        password: broker.creds.fleet[vehicleId] ?? 'wrong',
        clientId: `${vehicleId}-${randomBytes(3).toString('hex')}`,
        reconnectPeriod: 0,
        ...options,
      });
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
      await sql.end();
      await server.stop();
      await clearRetained(broker);
      await broker.stop();
      await database.stop();
    },
  };
}

/**
 * A shared broker (CI's Mosquitto) keeps retained acks and statuses between test files: clear them
 * so that a test never reads a previous test's watermark.
 */
export async function clearRetained(broker: TestBroker): Promise<void> {
  if (broker.kind !== 'mosquitto') return;
  const server = await mqtt.connectAsync(broker.url, {
    username: broker.creds.serverUser,
    password: broker.creds.serverPassword,
    reconnectPeriod: 0,
  });
  for (const id of Object.keys(broker.creds.fleet)) await server.publishAsync(`fleet/${id}/ack`, '', { qos: 1, retain: true });
  await server.endAsync();
  for (const [id, secret] of Object.entries(broker.creds.fleet)) {
    const unit = await mqtt.connectAsync(broker.url, { username: id, password: secret, reconnectPeriod: 0 });
    await unit.publishAsync(`fleet/${id}/status`, '', { qos: 1, retain: true });
    await unit.endAsync();
  }
}

/** Waits until `check` returns a truthy value (polling), or fails with `what` after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
