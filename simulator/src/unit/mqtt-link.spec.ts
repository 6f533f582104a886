import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { topicFor } from '@app/contract';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../../apps/server/src/infra/embedded-broker';
import { TEST_MQTT_CREDENTIALS as creds } from '../../../test/support/servers';
import { isCredentialsRefusal, MqttLink } from './mqtt-link';

// Always the embedded Aedes, even when TEST_MQTT_URL is set: the test starts and stops the broker
// itself, on a port it picked, to put the link in front of a closed port (ECONNREFUSED).
const VEHICLE = 'TEST-99';
const DEADLINE_MS = 60_000;
/** Above every polling deadline a test can sum up: only a real hang reaches it. */
const TEST_LIMIT_MS = 5 * DEADLINE_MS;

describe('MqttLink reconnects through network errors, gives up only on refused credentials', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
  }, TEST_LIMIT_MS);

  const newLink = (url: string, password: string) => {
    const link = new MqttLink({
      url,
      vehicleId: VEHICLE,
      password,
      firmware: 'test',
      now: () => Date.parse('2018-06-11T08:00:00Z'),
      onAck: () => undefined,
      onUp: () => undefined,
      onDown: () => undefined,
      retryMs: 100,
      retryMaxMs: 1_000,
    });
    cleanup.push(() => link.close());
    return link;
  };
  const startBroker = async (port: number): Promise<EmbeddedBroker> => {
    const broker = await startEmbeddedBroker(creds, port);
    cleanup.push(() => broker.stop());
    return broker;
  };

  it(
    'connects once a broker that was not listening yet (ECONNREFUSED) comes up, then publishes',
    async () => {
      const port = await freePort();
      const url = `mqtt://127.0.0.1:${port}`;
      const link = newLink(url, creds.fleet[VEHICLE]);
      let settled: 'connected' | Error | null = null;
      link.up().then(
        () => {
          settled = 'connected';
        },
        (err: Error) => {
          settled = err;
        },
      );

      // The broker stays down a few seconds: several refused attempts, and the link keeps trying.
      await new Promise((r) => setTimeout(r, 3_000));
      await waitFor(() => link.connects >= 3);
      expect(link.lastError).toMatch(/ECONNREFUSED/);
      expect(settled).toBeNull();

      await startBroker(port);
      await waitFor(() => settled !== null);
      expect(settled).toBe('connected');
      expect(link.connected).toBe(true);
      await expectPublishReaches(url, link);
    },
    TEST_LIMIT_MS,
  );

  it(
    'reconnects after the broker goes away and comes back on the same port',
    async () => {
      const port = await freePort();
      const url = `mqtt://127.0.0.1:${port}`;
      const first = await startEmbeddedBroker(creds, port);
      const link = newLink(url, creds.fleet[VEHICLE]);
      await link.up();
      const before = link.connects;

      await first.stop();
      await waitFor(() => !link.connected && link.connects >= before + 2);
      expect(link.lastError).toMatch(/ECONNREFUSED/);

      await startBroker(port);
      await waitFor(() => link.connected);
      await expectPublishReaches(url, link);
    },
    TEST_LIMIT_MS,
  );

  it(
    'refuses a wrong password at once and stops trying',
    async () => {
      const broker = await startBroker(0);
      const link = newLink(broker.url, 'not-the-secret');
      const err = await link.up().then(
        () => null,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(isCredentialsRefusal(err!)).toBe(true);
      expect((err as Error & { code: number }).code).toBe(4); // CONNACK 0x04, bad user name or password
      // Not retried: a later look still finds the single attempt.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(link.connects).toBe(1);
      expect(link.connected).toBe(false);
    },
    TEST_LIMIT_MS,
  );

  it('tells a credentials refusal from a network error', () => {
    const refused = Object.assign(new Error('Connection refused: Not authorized'), { code: 5 });
    const network = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1883'), { code: 'ECONNREFUSED' });
    expect(isCredentialsRefusal(refused)).toBe(true);
    expect(isCredentialsRefusal(network)).toBe(false);
    expect(isCredentialsRefusal(Object.assign(new Error('Connection refused: Server unavailable'), { code: 3 }))).toBe(false);
  });
});

/** A server subscribed to the vehicle's status topic sees a publish made through the link. */
async function expectPublishReaches(url: string, link: MqttLink): Promise<void> {
  const server = await mqtt.connectAsync(url, { username: creds.serverUser, password: creds.serverPassword, reconnectPeriod: 0 });
  try {
    const got: string[] = [];
    server.on('message', (_t, payload) => got.push(payload.toString()));
    await server.subscribeAsync(topicFor(VEHICLE, 'telemetry'), { qos: 1 });
    expect(link.publish(topicFor(VEHICLE, 'telemetry'), '{"probe":1}')).toBe(true);
    await waitFor(() => got.includes('{"probe":1}'));
  } finally {
    await server.endAsync(true);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor(check: () => boolean, timeoutMs = DEADLINE_MS): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
