/**
 * The ingest against misuse at its edge (issue 12): a registered MQTT user that is not a vehicle
 * of the trial leaves no watermark and gets no Ack; a bad retained status is dead-lettered once,
 * not again at every restart of the ingest; refusals are counted by their reason in /metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../apps/server/src/bootstrap';
import { IngestService } from '../apps/server/src/ingest/ingest.service';
import { eventually, startTestServer, type TestServer } from './support/app';
import { encode, telemetry } from './support/messages';

let t: TestServer;
const count = async (sql: string, params: unknown[] = []) => Number((await t.sql.query(sql, params)).rows[0].n);

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t?.stop();
});

describe('ingest hardening', () => {
  it('leaves no watermark row and no retained Ack for a vehicle that is not registered', async () => {
    const stranger = await t.connectVehicle('TEST-99');
    await stranger.publishAsync('fleet/TEST-99/telemetry', encode(telemetry('TEST-99', 0)), { qos: 1 });
    await eventually(
      async () => (await count(`SELECT count(*) n FROM dead_letter WHERE vehicle_id = 'TEST-99' AND code = 'unknown_vehicle'`)) === 1,
      'dead letter',
    );
    // A registered vehicle's message after it: once its Ack is out, the stranger's batch is committed.
    const unit = await t.connectVehicle('GNV-01');
    const acks: string[] = [];
    unit.on('message', (_topic, payload) => payload.length && acks.push(payload.toString()));
    await unit.subscribeAsync('fleet/GNV-01/ack', { qos: 1 });
    await unit.publishAsync('fleet/GNV-01/telemetry', encode(telemetry('GNV-01', 0)), { qos: 1 });
    await eventually(async () => acks.length > 0, 'GNV-01 ack');
    expect(await count(`SELECT count(*) n FROM ack_watermark WHERE vehicle_id = 'TEST-99'`)).toBe(0);
    expect(await count(`SELECT count(*) n FROM ingest_counter WHERE vehicle_id = 'TEST-99'`)).toBe(0);
    const heard: string[] = [];
    stranger.on('message', (_topic, payload) => payload.length && heard.push(payload.toString()));
    await stranger.subscribeAsync('fleet/TEST-99/ack', { qos: 1 });
    // A retained Ack would arrive right after the SUBACK; none does.
    await new Promise((r) => setTimeout(r, 500));
    expect(heard).toEqual([]);
  });

  it('dead-letters a bad retained status once, not again when the ingest restarts', async () => {
    const unit = await t.connectVehicle('DSL-01');
    await unit.publishAsync('fleet/DSL-01/status', Buffer.from('{"online": tru'), { qos: 1, retain: true });
    const bad = `SELECT count(*) n FROM dead_letter WHERE topic = 'fleet/DSL-01/status' AND code = 'bad_json'`;
    await eventually(async () => (await count(bad)) === 1, 'status dead letter');
    const metrics = await (await fetch(`${t.server.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/ingest_rejections_total\{stream="status",code="bad_json"\} 1/);
    // The ingest restarts on the same database and broker and subscribes afresh: the broker
    // delivers the retained status to it again (retain flag set).
    await t.server.stop();
    let again: RunningServer | undefined;
    try {
      again = await startServer({ ...t.config, MODULES: ['ingest'] });
      await eventually(async () => {
        const m = await (await fetch(`${again!.httpUrl}/metrics`)).text();
        return /ingest_messages_total\{stream="status",outcome="rejected"\} 1/.test(m);
      }, 'the second ingest received the retained status');
      await again.app.get(IngestService).drain();
    } finally {
      await again?.stop();
    }
    expect(await count(bad)).toBe(1);
    expect(
      await count(
        `SELECT coalesce(sum(n), 0) n FROM ingest_counter WHERE vehicle_id = 'DSL-01' AND stream = 'status' AND outcome = 'rejected'`,
      ),
    ).toBe(1);
  });
});
