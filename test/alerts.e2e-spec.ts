/**
 * Alerts end to end on the real server (embedded PGlite + Aedes by default): telemetry over MQTT
 * crosses a threshold for longer than the for-duration → firing (API and live stream), severity
 * rises within the same alert, acknowledgement with a comment, hysteresis, recovering → resolved;
 * silences; validated threshold changes kept in the history; the ratings streak; a coach offline
 * (scheduled, on the data's clock) and its escalation; no duplicate open alert under concurrent
 * evaluation (real PostgreSQL); every alerts route refuses unauthenticated and tablet requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttClient } from 'mqtt';
import type { AlertDetail, AlertRecord, AlertRuleRecord, LiveMessage, Telemetry } from '@app/contract';
import { AlertEngine } from '../apps/server/src/alerts/alert-engine';
import { AlertsRepository } from '../apps/server/src/alerts/alerts.repository';
import { eventually, startTestServer, type TestServer } from './support/app';
import { call, rating, TOKENS } from './feedback/support';
import { encode, telemetry } from './support/messages';
import { openLiveStream, type SseReader } from './support/sse';

const T0 = Date.parse('2018-06-11T07:00:00.000Z');
const at = (seq: number) => new Date(T0 + seq * 1000).toISOString();
const ENGINEER = TOKENS.engineer;

let t: TestServer;
let live: SseReader;
const units = new Map<string, MqttClient>();

type AlertMessage = Extract<LiveMessage, { kind: 'alert' }>;
const alertMessages = (ruleId: string, vehicleId: string | null) =>
  live.messages.filter((m): m is AlertMessage => m.kind === 'alert' && m.alert.ruleId === ruleId && m.alert.vehicleId === vehicleId);

async function publish(
  vehicleId: string,
  from: number,
  to: number,
  overrides: (seq: number) => Partial<Telemetry> = () => ({}),
): Promise<void> {
  let unit = units.get(vehicleId);
  if (!unit) units.set(vehicleId, (unit = await t.connectVehicle(vehicleId)));
  for (let seq = from; seq <= to; seq++)
    await unit.publishAsync(`fleet/${vehicleId}/telemetry`, encode(telemetry(vehicleId, seq, overrides(seq))), { qos: 1 });
}

const floor = (awz: number): Partial<Telemetry> => ({
  vibration: { driverSeat: { awx: 0.11, awy: 0.09, awz: 0.28 }, floor: { awx: 0.13, awy: 0.1, awz } },
});

/** `token` null: no credential at all. */
const api = <T = any>(method: string, path: string, body?: unknown, token: string | null = ENGINEER) =>
  call<T>(t.server.httpUrl, method, path, { token: token ?? undefined, body });

async function openAlert(ruleId: string, vehicleId: string): Promise<AlertRecord | undefined> {
  const r = await api<AlertRecord[]>('GET', `/api/v1/alerts?ruleId=${ruleId}&vehicleId=${vehicleId}&state=open`);
  expect(r.status).toBe(200);
  expect(r.body.length).toBeLessThanOrEqual(1);
  return r.body[0];
}

async function condition(ruleId: string, vehicleId: string) {
  const rules = (await api<AlertRuleRecord[]>('GET', '/api/v1/alerts/rules')).body;
  return rules.find((r) => r.id === ruleId)!.conditions.find((c) => c.vehicleId === vehicleId);
}

/** Waits until the rule has judged the vehicle's sample `seq` (the evaluation runs after the commit). */
const judged = (ruleId: string, vehicleId: string, seq: number) =>
  eventually(
    async () => (await condition(ruleId, vehicleId))?.lastTs === at(seq),
    `${ruleId}/${vehicleId} judged up to seq ${seq}`,
    60_000,
  );

beforeAll(async () => {
  t = await startTestServer({ ALERTS_INTERVAL_MS: '200' });
  live = await openLiveStream(`${t.server.httpUrl}/api/v1/live`);
});

afterAll(async () => {
  live?.close();
  await t?.stop();
});

describe('an alert’s lifecycle on telemetry (discomfort on the floor)', () => {
  let id: number;

  it('fires once the floor’s aw stays uncomfortable for longer than the for-duration, visible in the API and on the live stream', async () => {
    await publish('GNV-01', 0, 20, () => floor(1.2));
    await judged('discomfort', 'GNV-01', 20);
    expect(await condition('discomfort', 'GNV-01')).toMatchObject({ phase: 'pending', since: at(0) });
    expect(await openAlert('discomfort', 'GNV-01')).toBeUndefined();

    await publish('GNV-01', 21, 39, () => floor(1.2));
    const alert = await eventually(() => openAlert('discomfort', 'GNV-01'), 'discomfort alert open', 60_000);
    id = alert.id;
    expect(alert).toMatchObject({ state: 'firing', severity: 'warning', pendingSince: at(0), firedAt: at(30), acknowledgedAt: null });
    expect(alert.values.floorAv).toBeGreaterThan(0.9);
    expect(alert.summary).toMatch(/floorAv 1\.21 m\/s² \(warning at ≥ 0\.90\)/);
    const pushed = await eventually(
      async () => alertMessages('discomfort', 'GNV-01').find((m) => m.change === 'firing'),
      'firing on the live stream',
    );
    expect(pushed.alert.id).toBe(id);
    expect(pushed.openCount).toBeGreaterThanOrEqual(1);
  });

  it('raises the severity within the same alert', async () => {
    await publish('GNV-01', 40, 50, () => floor(2.2));
    await eventually(async () => (await openAlert('discomfort', 'GNV-01'))?.severity === 'critical', 'critical');
    expect((await openAlert('discomfort', 'GNV-01'))!.id).toBe(id);
    await eventually(
      async () => alertMessages('discomfort', 'GNV-01').some((m) => m.change === 'severity' && m.alert.severity === 'critical'),
      'severity on the live stream',
    );
  });

  it('acknowledging needs a comment, records who and when, and only once', async () => {
    const none = await api('POST', `/api/v1/alerts/${id}/acknowledge`, {});
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ statusCode: 400, code: 'validation_failed', errors: [{ path: 'comment' }] });
    const blank = await api('POST', `/api/v1/alerts/${id}/acknowledge`, { comment: '  \u0001 ' });
    expect(blank.status).toBe(400);

    const ack = await api<AlertDetail>('POST', `/api/v1/alerts/${id}/acknowledge`, {
      comment: 'Road works near Vendargues, driver informed',
    });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({
      id,
      ackComment: 'Road works near Vendargues, driver informed',
      acknowledgedBy: expect.stringMatching(/^engineer:/),
    });
    expect(Date.now() - Date.parse(ack.body.acknowledgedAt!)).toBeLessThan(60_000);
    expect(ack.body.history.at(-1)).toMatchObject({
      kind: 'acknowledged',
      actor: ack.body.acknowledgedBy,
      comment: 'Road works near Vendargues, driver informed',
    });

    const again = await api('POST', `/api/v1/alerts/${id}/acknowledge`, { comment: 'me too' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_acknowledged');
    expect((await api('POST', '/api/v1/alerts/999999/acknowledge', { comment: 'x' })).status).toBe(404);
  });

  it('holds in the hysteresis band (below warning, above clear), then recovers and resolves', async () => {
    await publish('GNV-01', 51, 150, () => floor(0.72));
    await judged('discomfort', 'GNV-01', 150);
    expect(await openAlert('discomfort', 'GNV-01')).toMatchObject({ id, state: 'firing' });

    await publish('GNV-01', 151, 230, () => floor(0.3));
    await judged('discomfort', 'GNV-01', 230);
    const detail = (await api<AlertDetail>('GET', `/api/v1/alerts/${id}`)).body;
    expect(detail).toMatchObject({ state: 'resolved', severity: 'critical', acknowledgedBy: expect.any(String) });
    expect(detail.history.map((h) => h.kind)).toEqual(['firing', 'severity', 'acknowledged', 'recovering', 'resolved']);
    const recovering = detail.history[3];
    const resolved = detail.history[4];
    expect(Date.parse(resolved.dataTs!) - Date.parse(recovering.dataTs!)).toBeGreaterThanOrEqual(30_000);
    expect(detail.resolvedAt).toBe(resolved.dataTs);
    expect(await openAlert('discomfort', 'GNV-01')).toBeUndefined();
    await eventually(async () => alertMessages('discomfort', 'GNV-01').some((m) => m.change === 'resolved'), 'resolved on the live stream');

    // In the list and as CSV.
    const csv = await call(t.server.httpUrl, 'GET', '/api/v1/alerts?ruleId=discomfort&format=csv', { token: ENGINEER });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    // (fetch's text() drops the byte-order mark the server writes)
    expect(csv.text.replace(/^\uFEFF/, '')).toMatch(/^id,ruleId,vehicleId,state,severity,summary/);
    expect(csv.text).toContain(`${id},discomfort,GNV-01,resolved,critical`);
  });
});

describe('silences', () => {
  let silenceId: number;

  it('a silence keeps the alert but suppresses its notification; deleting it notifies', async () => {
    const bad = await api('POST', '/api/v1/alerts/silences', {
      ruleId: 'cabin_co2',
      vehicleId: 'DSL-01',
      endsAt: new Date(Date.now() - 1000).toISOString(),
      reason: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('endsAt');
    const created = await api('POST', '/api/v1/alerts/silences', {
      ruleId: 'cabin_co2',
      vehicleId: 'DSL-01',
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      reason: 'CO2 sensor being replaced',
    });
    expect(created.status).toBe(201);
    silenceId = created.body.id;
    expect(created.body).toMatchObject({ kind: 'silence', createdBy: expect.stringMatching(/^engineer:/), deletedAt: null });

    await publish('DSL-01', 0, 610, () => ({ cabin: { tempC: 23, humidityPct: 50, co2Ppm: 2500, noiseDbA: 65 } }));
    const alert = await eventually(() => openAlert('cabin_co2', 'DSL-01'), 'CO2 alert open', 90_000);
    expect(alert).toMatchObject({ state: 'firing', severity: 'critical', silenced: true, firedAt: at(600) });
    await new Promise((r) => setTimeout(r, 500));
    expect(alertMessages('cabin_co2', 'DSL-01')).toEqual([]);

    const deleted = await api('DELETE', `/api/v1/alerts/silences/${silenceId}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.deletedBy).toMatch(/^engineer:/);
    expect((await api('DELETE', `/api/v1/alerts/silences/${silenceId}`)).status).toBe(404);
    expect((await openAlert('cabin_co2', 'DSL-01'))!.silenced).toBe(false);
    const pushed = await eventually(
      async () => alertMessages('cabin_co2', 'DSL-01').find((m) => m.change === 'unsilenced'),
      'unsilenced on the live stream',
    );
    expect(pushed.alert.silenced).toBe(false);

    expect((await api<unknown[]>('GET', '/api/v1/alerts/silences')).body).toEqual([]);
    expect((await api<Array<{ id: number }>>('GET', '/api/v1/alerts/silences?deleted=true')).body.map((s) => s.id)).toEqual([silenceId]);
    const history = (await api<Array<{ kind: string }>>('GET', '/api/v1/alerts/history?ruleId=cabin_co2')).body.map((h) => h.kind);
    expect(history).toEqual(expect.arrayContaining(['silence_created', 'silence_deleted', 'firing']));
  });
});

describe('rule thresholds', () => {
  it('refuses a bad value with the one error shape, keeps every accepted change in the history with who, when and why', async () => {
    const rules = (await api<AlertRuleRecord[]>('GET', '/api/v1/alerts/rules')).body;
    expect(rules.map((r) => r.id)).toHaveLength(9);
    const co2 = rules.find((r) => r.id === 'cabin_co2')!;
    expect(co2).toMatchObject({
      enabled: true,
      version: 1,
      defaultsVersion: expect.stringMatching(/^alert-rules-/),
      signals: { co2Ppm: { direction: 'above', unit: 'ppm' } },
    });
    const params = co2.params;

    const inverted = await api('PUT', '/api/v1/alerts/rules/cabin_co2', {
      params: { ...params, signals: { co2Ppm: { warning: 1200, critical: 2000, clear: 1500 } } },
      reason: 'test',
    });
    expect(inverted.status).toBe(400);
    expect(inverted.body).toMatchObject({
      statusCode: 400,
      code: 'validation_failed',
      errors: [{ path: 'params.signals.co2Ppm.clear', code: 'custom' }],
    });
    expect(Object.keys(inverted.body).sort()).toEqual(['code', 'errors', 'message', 'statusCode']);
    const outOfRange = await api('PUT', '/api/v1/alerts/rules/cabin_co2', { params: { ...params, forS: -1 }, reason: 'test' });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.errors[0].path).toBe('params.forS');
    const noReason = await api('PUT', '/api/v1/alerts/rules/cabin_co2', { params });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('reason');
    expect((await api('PUT', '/api/v1/alerts/rules/no_such_rule', { params, reason: 'x' })).status).toBe(400);

    const next = { ...params, signals: { co2Ppm: { warning: 1400, critical: 2200, clear: 1100 } } };
    const ok = await api<AlertRuleRecord>('PUT', '/api/v1/alerts/rules/cabin_co2', {
      params: next,
      reason: 'Coaches in June run at 1,100 ppm on average',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, params: next, updatedBy: expect.stringMatching(/^engineer:/) });
    const [entry] = (await api<any[]>('GET', '/api/v1/alerts/history?ruleId=cabin_co2&kind=rule_updated')).body;
    expect(entry).toMatchObject({
      kind: 'rule_updated',
      actor: ok.body.updatedBy,
      comment: 'Coaches in June run at 1,100 ppm on average',
      details: { before: { params }, after: { params: next }, version: 2 },
    });
  });
});

describe('the streak of low ratings (judged as the tablet’s answers are committed)', () => {
  it('fires on three 1–2 ratings in a row, rises at five, resolves on the next good one', async () => {
    const send = async (overall: number) =>
      expect((await call(t.server.httpUrl, 'POST', '/api/v1/ratings', { token: TOKENS.gnv, body: rating({ overall }) })).status).toBe(201);
    for (const o of [4, 1, 2]) await send(o);
    await new Promise((r) => setTimeout(r, 300));
    expect(await openAlert('ratings_low_streak', 'GNV-01')).toBeUndefined();
    await send(1);
    const alert = await eventually(() => openAlert('ratings_low_streak', 'GNV-01'), 'streak alert');
    expect(alert).toMatchObject({ severity: 'warning', values: { streak: 3 } });
    await send(2);
    await send(1);
    await eventually(async () => (await openAlert('ratings_low_streak', 'GNV-01'))?.severity === 'critical', 'streak critical');
    await send(5);
    await eventually(async () => (await openAlert('ratings_low_streak', 'GNV-01')) === undefined, 'streak resolved');
    const detail = (await api<AlertDetail>('GET', `/api/v1/alerts/${alert.id}`)).body;
    expect(detail.history.map((h) => h.kind)).toEqual(['firing', 'severity', 'recovering', 'resolved']);
  });
});

describe('a coach offline during service (scheduled, on the data’s clock) and escalation', () => {
  it('fires when a coach is not heard from for N minutes of the data’s clock while the other keeps sending, escalates when nobody acknowledges, resolves when it is back', async () => {
    const rule = (await api<AlertRuleRecord[]>('GET', '/api/v1/alerts/rules')).body.find((r) => r.id === 'vehicle_offline')!;
    expect(
      (
        await api('PUT', '/api/v1/alerts/rules/vehicle_offline', {
          params: { ...rule.params, escalateAfterMin: 0.01 },
          reason: 'test escalation',
        })
      ).status,
    ).toBe(200);
    // DSL-01 last sent at seq 610 (07:10:10); GNV-01 goes on to 07:21:40.
    await publish('GNV-01', 231, 1300);
    const alert = await eventually(() => openAlert('vehicle_offline', 'DSL-01'), 'DSL-01 offline', 90_000);
    // Silence is measured on receipt times at the replay's speed: ≥ 10 data-minutes, how far above depends on the machine.
    expect(alert.values.silentMin).toBeGreaterThanOrEqual(10);
    const escalated = await eventually(async () => {
      const detail = (await api<AlertDetail>('GET', `/api/v1/alerts/${alert.id}`)).body;
      return detail.escalatedAt ? detail : null;
    }, 'escalated');
    expect(escalated.history.map((h) => h.kind)).toEqual(expect.arrayContaining(['firing', 'escalated']));
    expect(escalated.history.filter((h) => h.kind === 'escalated')).toHaveLength(1);
    await eventually(
      async () => alertMessages('vehicle_offline', 'DSL-01').some((m) => m.change === 'escalated'),
      'escalated on the live stream',
    );

    // Both coaches on, side by side, so that the data's clock moves on while DSL-01 recovers.
    for (let seq = 1300; seq < 1540; seq += 20) {
      await publish('DSL-01', seq, seq + 19, () => ({ cabin: { tempC: 23, humidityPct: 50, co2Ppm: 700, noiseDbA: 65 } }));
      await publish('GNV-01', Math.max(seq, 1301), seq + 19);
    }
    await eventually(async () => (await openAlert('vehicle_offline', 'DSL-01')) === undefined, 'DSL-01 back online', 90_000);
  });
});

describe('disabling a rule', () => {
  it('resolves its open alerts (recorded as such) and stops judging it until enabled again', async () => {
    // DSL-01's tablet never answered: once service has run two hours its silence opens an alert.
    const open = await eventually(() => openAlert('device_silent', 'DSL-01'), 'device_silent open for DSL-01', 60_000);
    const rule = (await api<AlertRuleRecord[]>('GET', '/api/v1/alerts/rules')).body.find((r) => r.id === 'device_silent')!;
    const off = await api<AlertRuleRecord>('PUT', '/api/v1/alerts/rules/device_silent', {
      params: rule.params,
      enabled: false,
      reason: 'tablets not installed yet',
    });
    expect(off.status).toBe(200);
    expect(off.body.enabled).toBe(false);
    const detail = (await api<AlertDetail>('GET', `/api/v1/alerts/${open.id}`)).body;
    expect(detail.state).toBe('resolved');
    expect(detail.history.at(-1)).toMatchObject({ kind: 'resolved', comment: 'rule disabled', actor: expect.stringMatching(/^engineer:/) });
    await publish('DSL-01', 1540, 1560);
    await new Promise((r) => setTimeout(r, 600));
    expect(await openAlert('device_silent', 'DSL-01')).toBeUndefined();
    expect(
      (await api('PUT', '/api/v1/alerts/rules/device_silent', { params: rule.params, enabled: true, reason: 'installed' })).status,
    ).toBe(200);
  });
});

describe('deduplication under concurrent evaluation', () => {
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'many concurrent evaluations of one condition open exactly one alert (real PostgreSQL; skipped without TEST_DATABASE_URL)',
    async () => {
      const engine = t.server.app.get(AlertEngine);
      const fire = (i: number) =>
        engine.evaluate([
          {
            ruleId: 'ratings_low_streak',
            vehicleId: 'TEST-99',
            observe: (memory) => ({ memory, observations: [{ ts: T0 + 86_400_000 + (i % 5) * 1000, values: { streak: 10 } }] }),
          },
        ]);
      await Promise.all(Array.from({ length: 24 }, (_, i) => fire(i)));
      const open = await t.sql.query(
        `SELECT id FROM alert WHERE rule_id = 'ratings_low_streak' AND vehicle_id = 'TEST-99' AND state <> 'resolved'`,
      );
      expect(open.rowCount).toBe(1);
      const fired = await t.sql.query(`SELECT count(*)::int AS n FROM alert_history WHERE alert_id = $1 AND kind = 'firing'`, [
        open.rows[0].id,
      ]);
      expect(fired.rows[0].n).toBe(1);
    },
  );

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'the unique partial index refuses a second open alert even without the condition lock (real PostgreSQL; skipped without TEST_DATABASE_URL)',
    async () => {
      const repository = t.server.app.get(AlertsRepository);
      const attempt = () =>
        repository.transaction((m) =>
          repository.openAlert(m, {
            ruleId: 'cabin_co2',
            vehicleId: 'TEST-99',
            severity: 'warning',
            summary: 'race',
            values: {},
            pendingSince: new Date(T0),
            firedTs: new Date(T0),
            silenced: false,
          }),
        );
      const results = await Promise.all(Array.from({ length: 16 }, attempt));
      expect(results.filter(Boolean)).toHaveLength(1);
      await expect(
        t.sql.query(
          `INSERT INTO alert (rule_id, vehicle_id, state, severity, summary, pending_since_ts, fired_ts) VALUES ('cabin_co2', 'TEST-99', 'firing', 'warning', 'x', now(), now())`,
        ),
      ).rejects.toMatchObject({ code: '23505' });
    },
  );
});

describe('access', () => {
  it('every alerts route refuses an unauthenticated request (401) and a tablet token (401/403)', async () => {
    const doc = (await api<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/docs-json', undefined, null)).body;
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/alerts'))
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => ({
          method: method.toUpperCase(),
          path: path.replace('{id}', '1').replace('{ruleId}', 'cabin_co2'),
        })),
      );
    expect(routes.length).toBeGreaterThanOrEqual(8);
    for (const r of routes) {
      const body = r.method === 'GET' || r.method === 'DELETE' ? undefined : {};
      const anonymous = await api(r.method, r.path, body, null);
      expect(anonymous.status, `${r.method} ${r.path} anonymous`).toBe(401);
      expect(anonymous.body.code).toBe('unauthorized');
      const tablet = await api(r.method, r.path, body, TOKENS.gnv);
      expect([401, 403], `${r.method} ${r.path} tablet`).toContain(tablet.status);
    }
  });
});
