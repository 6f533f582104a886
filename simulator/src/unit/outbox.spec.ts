import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { topicFor, type Ack } from '@app/contract';
import { sampleTelemetry } from '@app/contract';
import { createTestBroker, type TestBroker } from '../../../test/support/servers';
import { Rng } from '../rng';
import { MqttLink } from './mqtt-link';
import { OnboardUnit } from './onboard-unit';
import { Outbox } from './outbox';

const ack = (telemetry: number, event = -1, vibration = -1): Ack => ({ ts: '2018-06-11T08:00:00.000Z', telemetry, event, vibration });

describe('Outbox (bookkeeping)', () => {
  it('numbers per stream from the start seq and releases only what an Ack covers', () => {
    const o = new Outbox({ telemetry: 10 });
    for (let i = 0; i < 5; i++) o.add('telemetry', (seq) => `t${seq}`);
    o.add('event', (seq) => `e${seq}`);
    expect(o.due(Infinity).map((e) => `${e.stream}:${e.seq}`)).toEqual([
      'telemetry:10',
      'telemetry:11',
      'telemetry:12',
      'telemetry:13',
      'telemetry:14',
      'event:0',
    ]);
    expect(o.applyAck(ack(12))).toBe(3);
    expect(o.waiting).toBe(3);
    expect(o.applyAck(ack(11))).toBe(0); // an older Ack never brings anything back
    expect(o.applyAck(ack(14, 0))).toBe(3);
    expect(o.waiting).toBe(0);
  });

  it('hands back for replay only entries older than the timeout', () => {
    const o = new Outbox();
    const a = o.add('telemetry', () => 'a');
    const b = o.add('telemetry', () => 'b');
    a.sentAt = 1_000;
    b.sentAt = 50_000;
    expect(o.due(30_000).map((e) => e.payload)).toEqual(['a']);
  });
});

describe('OnboardUnit over a real broker', () => {
  let broker: TestBroker;
  let server: MqttClient;
  const received: { seq: number }[] = [];
  let ackUpTo: number | null = null;

  beforeAll(async () => {
    // A private broker: the stand-in below logs in as the ingest, which a shared one would let
    // take a running test server's session.
    broker = await createTestBroker({ embedded: true });
    // A stand-in for the ingest: a real MQTT client with the server's credentials that records what
    // arrives and publishes the retained Ack only when the test says so.
    server = await mqtt.connectAsync(broker.url, {
      username: broker.creds.serverUser,
      password: broker.creds.serverPassword,
      reconnectPeriod: 0,
    });
    await server.publishAsync(topicFor('TEST-99', 'ack'), '', { qos: 1, retain: true });
    await server.subscribeAsync(topicFor('TEST-99', 'telemetry'), { qos: 1 });
    server.on('message', (_t, payload) => {
      const m = JSON.parse(payload.toString()) as { seq: number };
      received.push(m);
      if (ackUpTo !== null) void server.publishAsync(topicFor('TEST-99', 'ack'), JSON.stringify(ack(ackUpTo)), { qos: 1, retain: true });
    });
  });

  afterAll(async () => {
    await server.publishAsync(topicFor('TEST-99', 'ack'), '', { qos: 1, retain: true });
    await server.endAsync();
    await broker.stop();
  });

  it(
    'keeps every message until an Ack covers it, replays the rest after the timeout and after a reconnect',
    async () => {
      const unit = new OnboardUnit({
        vehicleId: 'TEST-99',
        faults: {},
        deadZones: [],
        rng: new Rng('outbox'),
        dryRun: false,
        ackTimeoutMs: 300,
        log: () => undefined,
      });
      const link = new MqttLink({
        url: broker.url,
        vehicleId: 'TEST-99',
        password: broker.creds.fleet['TEST-99'],
        firmware: 'test',
        now: () => Date.parse('2018-06-11T08:00:00Z'),
        onAck: (a) => unit.onAck(a),
        onUp: () => unit.onLinkUp(),
        onDown: () => undefined,
        retryMs: 100,
      });
      unit.link = link;
      await link.up();
      const send = (n: number) => {
        for (let i = 0; i < n; i++) unit.telemetry(sampleTelemetry({ vehicleId: 'TEST-99' }));
      };

      // 1. No Ack yet: 10 published, all 10 still in the outbox.
      send(10);
      await waitFor(() => received.length >= 10);
      expect(unit.outbox.waiting).toBe(10);

      // 2. The server acks up to 3: exactly 0..3 leave, 4..9 stay.
      await server.publishAsync(topicFor('TEST-99', 'ack'), JSON.stringify(ack(3)), { qos: 1, retain: true });
      await waitFor(() => unit.outbox.waiting === 6);
      expect(unit.outbox.due(Infinity).map((e) => e.seq)).toEqual([4, 5, 6, 7, 8, 9]);

      // 3. After the ack timeout the un-acked ones are republished with their original seq.
      received.length = 0;
      await new Promise((r) => setTimeout(r, 350));
      expect(unit.replay(false)).toBe(6);
      await waitFor(() => received.length >= 6);
      expect(received.map((m) => m.seq).sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8, 9]);
      expect(unit.net.republishes).toBe(6);

      // 4. A dead zone: nothing is published while offline; on reconnect everything un-acked is replayed.
      unit.setBrokerDown(true);
      send(3); // seq 10, 11, 12
      received.length = 0;
      await new Promise((r) => setTimeout(r, 100));
      expect(received).toHaveLength(0);
      unit.setBrokerDown(false);
      await waitFor(() => received.length >= 9);
      expect(received.map((m) => m.seq).sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);

      // 5. A covering Ack empties the outbox.
      ackUpTo = 12;
      await server.publishAsync(topicFor('TEST-99', 'ack'), JSON.stringify(ack(12)), { qos: 1, retain: true });
      await waitFor(() => unit.outbox.waiting === 0);
      await link.close();
    },
    10 * 60_000,
  ); // above the sum of its polling deadlines
});

/** Polls until the broker round trip has happened: a deadline for a hang, not a speed limit. */
async function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
