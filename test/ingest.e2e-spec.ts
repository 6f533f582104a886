/**
 * The ingest against a real broker and database (CI: Mosquitto + PostgreSQL; otherwise the
 * embedded Aedes + PGlite): stored once, acked after commit, bad input dead-lettered, ACL enforced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '@app/contract';
import type { MqttClient } from 'mqtt';
import { eventually, startTestServer, type TestServer } from './support/app';
import { encode, telemetry } from './support/messages';
import { IngestService } from '../apps/server/src/ingest/ingest.service';

let t: TestServer;
let unit: MqttClient;
const acks: Ack[] = [];

const count = async (sql: string, params: unknown[] = []) => Number((await t.sql.query(sql, params)).rows[0].n);
const lastAck = () => acks[acks.length - 1];
const ackAt = (stream: 'telemetry' | 'event' | 'vibration', seq: number) =>
  eventually(async () => lastAck()?.[stream] === seq && lastAck(), `ack ${stream} = ${seq} (last: ${JSON.stringify(lastAck())})`);

beforeAll(async () => {
  t = await startTestServer();
  unit = await t.connectVehicle('GNV-01');
  await unit.subscribeAsync('fleet/GNV-01/ack', { qos: 1 });
  unit.on('message', (_topic, payload) => payload.length && acks.push(JSON.parse(payload.toString())));
});

afterAll(async () => {
  await t?.stop();
});

const publish = (topic: string, payload: unknown, client = unit) =>
  client.publishAsync(topic, Buffer.isBuffer(payload) ? payload : encode(payload), { qos: 1 });

describe('ingest', () => {
  it('stores accepted samples once and acknowledges them after commit', async () => {
    for (let seq = 0; seq < 200; seq++) await publish('fleet/GNV-01/telemetry', telemetry('GNV-01', seq));
    await ackAt('telemetry', 199);
    expect(await count(`SELECT count(*) n FROM telemetry WHERE vehicle_id = 'GNV-01'`)).toBe(200);
    const row = (await t.sql.query(`SELECT * FROM telemetry WHERE vehicle_id = 'GNV-01' AND seq = 7`)).rows[0];
    expect(row.ts.toISOString()).toBe('2018-06-11T07:00:07.000Z');
    expect(row.fuel_type).toBe('cng');
    expect(row.seat_awz).toBeCloseTo(0.28, 5);
    expect(row.received_at).toBeInstanceOf(Date);
  });

  it('stores a republished batch once and counts the duplicates', async () => {
    for (let seq = 0; seq < 200; seq++) await publish('fleet/GNV-01/telemetry', telemetry('GNV-01', seq));
    await eventually(
      async () =>
        (await count(`SELECT coalesce(sum(n),0) n FROM ingest_counter WHERE vehicle_id='GNV-01' AND outcome='duplicate'`)) === 200,
      '200 duplicates counted',
    );
    expect(await count(`SELECT count(*) n FROM telemetry WHERE vehicle_id = 'GNV-01'`)).toBe(200);
    const metrics = await (await fetch(`${t.server.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/ingest_messages_total\{stream="telemetry",outcome="duplicate"\} 200/);
    expect(metrics).toMatch(/ingest_messages_total\{stream="telemetry",outcome="stored"\} 200/);
  });

  it('acknowledges out-of-order seqs only once they are contiguous', async () => {
    await publish('fleet/GNV-01/telemetry', telemetry('GNV-01', 202));
    await publish('fleet/GNV-01/telemetry', telemetry('GNV-01', 203));
    await eventually(
      async () => (await count(`SELECT count(*) n FROM telemetry WHERE vehicle_id='GNV-01' AND seq > 201`)) === 2,
      'seqs 202–203 stored',
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(lastAck().telemetry).toBe(199);
    await publish('fleet/GNV-01/telemetry', telemetry('GNV-01', 201));
    await new Promise((r) => setTimeout(r, 200));
    expect(lastAck().telemetry).toBe(199);
    await publish('fleet/GNV-01/telemetry', telemetry('GNV-01', 200));
    await ackAt('telemetry', 203);
  });

  it('stores events and vibration windows on their own seq streams', async () => {
    await publish('fleet/GNV-01/event', {
      v: 1,
      vehicleId: 'GNV-01',
      seq: 0,
      ts: '2018-06-11T07:30:02.000Z',
      type: 'trip_start',
      data: { tripId: '101-A-0730', direction: 0, driverId: 'D-07' },
    });
    await ackAt('event', 0);
    const samples = Array.from({ length: 256 }, (_, i) => Math.sin(i / 10));
    await publish('fleet/GNV-01/vibration', {
      v: 1,
      vehicleId: 'GNV-01',
      seq: 0,
      ts: '2018-06-11T07:45:00.000Z',
      location: 'floor',
      sampleRateHz: 256,
      unit: 'm/s2',
      x: samples,
      y: samples,
      z: samples,
    });
    await ackAt('vibration', 0);
    const w = (await t.sql.query(`SELECT sample_count, x FROM vibration_window WHERE vehicle_id='GNV-01' AND seq=0`)).rows[0];
    expect(w.sample_count).toBe(256);
    expect(w.x[10]).toBeCloseTo(Math.sin(1), 5);
    const e = (await t.sql.query(`SELECT type, data FROM event WHERE vehicle_id='GNV-01' AND seq=0`)).rows[0];
    expect(e).toEqual({ type: 'trip_start', data: { tripId: '101-A-0730', direction: 0, driverId: 'D-07' } });
  });

  it('dead-letters each kind of malformed input with its reason, acks readable seqs, and goes on', async () => {
    const future = new Date(Date.now() + 10 * 60_000).toISOString();
    const bad: Array<[string, string | Buffer | object, string]> = [
      ['bad JSON', Buffer.from('{"v":1,"seq":204,'), 'bad_json'],
      ['wrong type', { ...telemetry('GNV-01', 204), speedKmh: 'fast' }, 'schema'],
      ['missing block', { ...telemetry('GNV-01', 205), cabin: undefined }, 'schema'],
      ['out of range', { ...telemetry('GNV-01', 206), engineRpm: 9000 }, 'schema'],
      ['unknown field', { ...telemetry('GNV-01', 207), turbo: true }, 'schema'],
      ['vehicle mismatch', { ...telemetry('GNV-01', 208), vehicleId: 'DSL-01' }, 'vehicle_mismatch'],
      ['future ts', { ...telemetry('GNV-01', 209), ts: future }, 'future_ts'],
      ['too large', Buffer.concat([Buffer.from(`{"seq":210,"pad":"`), Buffer.alloc(300 * 1024, 97), Buffer.from('"}')]), 'too_large'],
    ];
    for (const [, payload] of bad) await publish('fleet/GNV-01/telemetry', typeof payload === 'string' ? Buffer.from(payload) : payload);
    // The stream goes on: the next good sample is stored.
    await publish('fleet/GNV-01/telemetry', telemetry('GNV-01', 211));
    await eventually(async () => (await count(`SELECT count(*) n FROM dead_letter`)) === bad.length, `${bad.length} dead letters`);
    // A batch inserts its dead letters in key order (the ingest's lock order), not in arrival order:
    // find each by its seq or code.
    const rows = (await t.sql.query(`SELECT code, reason, seq, stream, vehicle_id FROM dead_letter`)).rows;
    expect(rows.map((r) => r.code).sort()).toEqual(bad.map(([, , code]) => code).sort());
    const bySeq = (seq: number) => rows.find((r) => r.seq !== null && Number(r.seq) === seq);
    expect(bySeq(204)).toMatchObject({ code: 'schema', reason: expect.stringMatching(/^speedKmh: /) });
    expect(bySeq(206)?.reason).toMatch(/^engineRpm: .*4000/);
    expect(bySeq(207)?.reason).toMatch(/turbo/);
    expect(rows.find((r) => r.code === 'bad_json').seq).toBeNull();
    // too_large is refused before parsing, so its seq is not read.
    expect(rows.find((r) => r.code === 'too_large').seq).toBeNull();
    // Dead letters with a readable seq (204–209) advance the watermark; 210's was not readable, so the
    // ack stops below it until the unit resends 210.
    await ackAt('telemetry', 209);
    await publish('fleet/GNV-01/telemetry', telemetry('GNV-01', 210));
    await ackAt('telemetry', 211);
    expect(await count(`SELECT count(*) n FROM telemetry WHERE vehicle_id='GNV-01'`)).toBe(206);
  });

  it('dead-letters a registered MQTT user that is not a trial vehicle', async () => {
    const stranger = await t.connectVehicle('TEST-99');
    await publish('fleet/TEST-99/telemetry', telemetry('TEST-99', 0), stranger);
    await eventually(
      async () => (await count(`SELECT count(*) n FROM dead_letter WHERE code='unknown_vehicle'`)) === 1,
      'unknown vehicle dead letter',
    );
  });

  it("refuses a vehicle publishing under another vehicle's topic", async () => {
    const intruder = await t.connectVehicle('DSL-01');
    const before = await count(`SELECT count(*) n FROM telemetry`);
    // Aedes disconnects the client; Mosquitto drops the message silently. Either way nothing is stored.
    // (Aedes closes the connection, so the PUBACK never comes: do not wait for it.)
    void intruder.publishAsync('fleet/GNV-01/telemetry', encode(telemetry('GNV-01', 500)), { qos: 1 }).catch(() => undefined);
    // Nor may it read another vehicle's (retained) ack: Aedes refuses the SUBACK (0x80), Mosquitto
    // grants it under MQTT 3.1.1 but delivers nothing.
    const snoop = await t.connectVehicle('DSL-01');
    const snooped: string[] = [];
    snoop.on('message', (topic) => snooped.push(topic));
    await snoop.subscribeAsync('fleet/GNV-01/ack', { qos: 1 }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    expect(snooped).toEqual([]);
    expect(await count(`SELECT count(*) n FROM telemetry`)).toBe(before);
    expect(await count(`SELECT count(*) n FROM telemetry WHERE seq = 500`)).toBe(0);
  });

  it('refuses a wrong password', async () => {
    await expect(t.connectVehicle('GNV-01', { password: 'nope' })).rejects.toThrow();
  });

  it('tracks online status from the retained status topic and the last will', async () => {
    const dsl = await t.connectVehicle('DSL-01', {
      will: { topic: 'fleet/DSL-01/status', payload: encode({ online: false, ts: '2018-06-11T08:00:00.000Z' }), qos: 1, retain: true },
    });
    await dsl.publishAsync('fleet/DSL-01/status', encode({ online: true, ts: '2018-06-11T07:00:00.000Z', firmware: 'obu-2.4.1' }), {
      qos: 1,
      retain: true,
    });
    await eventually(
      async () => (await t.sql.query(`SELECT online FROM vehicle WHERE id='DSL-01'`)).rows[0].online === true,
      'DSL-01 online',
    );
    // An abrupt loss of connection: the broker publishes the will.
    (dsl as unknown as { stream: { destroy(): void } }).stream.destroy();
    const v = await eventually(async () => {
      const row = (await t.sql.query(`SELECT online, firmware, last_seen_at FROM vehicle WHERE id='DSL-01'`)).rows[0];
      return row.online === false && row;
    }, 'DSL-01 offline by last will');
    expect(v.firmware).toBe('obu-2.4.1');
    expect(v.last_seen_at).toBeInstanceOf(Date);
  });

  it('dead-letters a valid sample the database refuses (code storage) instead of blocking the stream', async () => {
    // The ingest's vehicle list is cached (refreshed every 30 s): a vehicle retired in between is
    // still accepted by validation, and its rows then violate the foreign key.
    await t.sql.query(`INSERT INTO vehicle (id, label, fuel_type) VALUES ('TEST-99', 'retired', 'cng')`);
    const ingest = t.server.app.get(IngestService);
    await ingest.refreshVehicles();
    await t.sql.query(`DELETE FROM vehicle WHERE id = 'TEST-99'`);
    const retired = await t.connectVehicle('TEST-99');
    await publish('fleet/TEST-99/telemetry', telemetry('TEST-99', 1), retired);
    await publish('fleet/GNV-01/telemetry', telemetry('GNV-01', 213));
    const row = await eventually(
      async () => (await t.sql.query(`SELECT code, reason FROM dead_letter WHERE vehicle_id='TEST-99' AND seq=1`)).rows[0],
      'storage dead letter',
      30_000,
    );
    expect(row.code).toBe('storage');
    expect(row.reason).toMatch(/foreign key/);
    await eventually(
      async () => (await count(`SELECT count(*) n FROM telemetry WHERE vehicle_id='GNV-01' AND seq=213`)) === 1,
      'GNV-01 213 stored',
    );
  });

  it('streams committed samples to live subscribers (SSE)', async () => {
    const abort = new AbortController();
    const response = await fetch(`${t.server.httpUrl}/api/v1/live?vehicleId=GNV-01`, {
      signal: abort.signal,
      headers: { authorization: 'Bearer engineer-dev-token' },
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    await publish('fleet/GNV-01/telemetry', telemetry('GNV-01', 212));
    let text = '';
    while (!text.includes('"seq":212')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/event: telemetry/);
    abort.abort();
  });

  it('reports health and serves OpenAPI', async () => {
    const health = await (await fetch(`${t.server.httpUrl}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: { status: 'up' }, broker: { status: 'up' } });
    const doc = await (await fetch(`${t.server.httpUrl}/api/docs-json`)).json();
    expect(Object.keys(doc.paths)).toContain('/health');
  });
});
