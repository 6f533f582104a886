/**
 * A client id belongs to its login (issue 12), on Mosquitto (`use_username_as_clientid`) and on
 * the embedded broker (its authenticate hook): a vehicle's credentials sent with the ingest's client
 * id, again and again, with a clean session or not, neither knock the ingest off the broker nor
 * take or wipe its persistent session; and one vehicle cannot take another's session.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MqttService } from '../apps/server/src/mqtt/mqtt.service';
import { eventually, startTestServer, type TestServer } from './support/app';
import { encode, telemetry } from './support/messages';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t?.stop();
});

describe('MQTT identities bound to logins', () => {
  it("a vehicle's login using the ingest's client id never knocks the ingest off, and the ingest keeps ingesting", async () => {
    const ingest = t.server.app.get(MqttService).client;
    const serverClientId = ingest.options.clientId!;
    expect(serverClientId).toBe(t.config.MQTT_USERNAME);
    let dropped = 0;
    ingest.on('close', () => dropped++);
    for (const clean of [true, false, true, false, true]) {
      const attacker = await mqtt.connectAsync(t.broker.url, {
        username: 'GNV-01',
        password: t.broker.creds.fleet['GNV-01'],
        clientId: serverClientId,
        clean,
        reconnectPeriod: 0,
      });
      await new Promise((r) => setTimeout(r, 200));
      await attacker.endAsync();
    }
    expect(dropped).toBe(0);
    expect(ingest.connected).toBe(true);
    // Still the ingest: a sample published now is stored and acknowledged.
    const unit = await t.connectVehicle('GNV-01');
    let acked = -1;
    unit.on(
      'message',
      (_topic, payload) => payload.length && (acked = (JSON.parse(payload.toString()) as { telemetry: number }).telemetry),
    );
    await unit.subscribeAsync('fleet/GNV-01/ack', { qos: 1 });
    for (let seq = 0; seq < 8; seq++) await unit.publishAsync('fleet/GNV-01/telemetry', encode(telemetry('GNV-01', seq)), { qos: 1 });
    await eventually(async () => acked === 7, 'the Ack of seqs 0–7');
    const { rows } = await t.sql.query(`SELECT count(*)::int n FROM telemetry WHERE vehicle_id = 'GNV-01'`);
    expect(rows[0].n).toBe(8);
    expect(dropped).toBe(0);
  });

  it("one vehicle's login cannot take another vehicle's session", async () => {
    const owner = await t.connectVehicle('DSL-01');
    let ownerDropped = 0;
    owner.on('close', () => ownerDropped++);
    const intruder = await mqtt.connectAsync(t.broker.url, {
      username: 'GNV-01',
      password: t.broker.creds.fleet['GNV-01'],
      clientId: 'DSL-01',
      clean: true,
      reconnectPeriod: 0,
    });
    await new Promise((r) => setTimeout(r, 300));
    await intruder.endAsync();
    expect(ownerDropped).toBe(0);
    expect(owner.connected).toBe(true);
  });
});
