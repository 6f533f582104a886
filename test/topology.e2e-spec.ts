/**
 * The region's topology as separate processes on the real PostgreSQL and a Mosquitto of the test's
 * own (issue 13): two ingest processes sharing the stream through `$share/ingest/…`, each with its
 * own login (the client id is the login), two stateless API processes and two scheduler processes
 * that elect one runner per job. The simulator, a process of its own, replays one service day of
 * both coaches through it. Mid-stream one ingest process is killed (SIGKILL) and restarted, and one
 * scheduler is killed for good. Then: every stream stored exactly once (the simulator's
 * reconciliation against its ground truth, and the primary keys), the Acks every unit saw only
 * were counted (a lower one after a higher: a regression, healed by a later one), both ingest processes stored messages, live events reached a
 * client of each API process, no alert was raised twice, and the surviving scheduler rolled the
 * day up. Runs in the real-server pass (TEST_DATABASE_URL set) with Mosquitto installed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ackSchema } from '@app/contract';
import mqtt from 'mqtt';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/app';
import { freePort } from './support/ports';
import { hasMosquitto, startPrivateMosquitto, type PrivateMosquitto } from './support/private-mosquitto';
import { TEST_MQTT_CREDENTIALS, createTestDatabase, testFleetCredentials, type TestDatabase } from './support/servers';
import { openLiveStream, type SseReader } from './support/sse';

const ROOT = resolve(__dirname, '..');
const runnable = hasMosquitto && Boolean(process.env.TEST_DATABASE_URL);
const DAY = '2018-06-11';
const SECOND_INGEST = { user: 'ingest-b', password: 'ingest-b-dev-secret' };
const WATCHER = { user: 'ack-watch', password: 'ack-watch-dev-secret' };

interface Proc {
  name: string;
  port: number;
  child: ChildProcess;
  log: string;
}

describe.skipIf(!runnable)(
  `topology: 2 ingest, 2 API, 2 schedulers as processes${runnable ? '' : ' (SKIPPED: needs the real-server pass and mosquitto)'}`,
  () => {
    let dir: string;
    let db: TestDatabase;
    let broker: PrivateMosquitto;
    const procs = new Map<string, Proc>();
    let sql: Client;

    const spawnServer = async (name: string, modules: string, extra: Record<string, string> = {}): Promise<Proc> => {
      const port = procs.get(name)?.port ?? (await freePort());
      const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/server/src/main.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'development',
          DATABASE_URL: db.url,
          MQTT_URL: broker.url,
          MQTT_USERNAME: TEST_MQTT_CREDENTIALS.serverUser,
          MQTT_PASSWORD: TEST_MQTT_CREDENTIALS.serverPassword,
          FLEET_CREDENTIALS: testFleetCredentials(),
          INGEST_SHARE_GROUP: 'ingest',
          ANALYTICS_ROLLUP_INTERVAL_MS: '2000',
          ANALYTICS_ROLLUP_MIN_REPEAT_MS: '0',
          HTTP_PORT: String(port),
          LOG_LEVEL: 'warn',
          MODULES: modules,
          ...extra,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const proc: Proc = { name, port, child, log: '' };
      child.stdout!.on('data', (d: Buffer) => (proc.log += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (proc.log += d.toString()));
      procs.set(name, proc);
      await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, `${name} healthy`, 120_000).catch((e: Error) => {
        throw new Error(`${e.message}\n${name}'s log:\n${proc.log.slice(-3000)}`);
      });
      return proc;
    };
    const kill = async (name: string) => {
      const p = procs.get(name)!;
      // A process killed by a signal has no exit code, only a signal code.
      if (p.child.exitCode !== null || p.child.signalCode !== null) return;
      await new Promise((r) => {
        p.child.once('exit', r);
        p.child.kill('SIGKILL');
      });
    };
    const count = async (query: string) => Number((await sql.query(query)).rows[0].n);
    const stored = (metrics: string) =>
      [...metrics.matchAll(/^ingest_messages_total\{[^}]*outcome="stored"[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
    const sampleOf = (metrics: string, name: string, labels = '') =>
      Number(metrics.match(new RegExp(`^${name}${labels ? `\\{${labels}\\}` : ''} (\\S+)$`, 'm'))?.[1] ?? 0);
    const metricsOf = async (name: string) =>
      (await fetch(`http://127.0.0.1:${procs.get(name)!.port}/metrics`, { headers: { authorization: 'Bearer metrics-dev-token' } })).text();

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'topology-'));
      chmodSync(dir, 0o755); // Mosquitto drops to its own user and must reach its folder inside.
      db = await createTestDatabase();
      broker = await startPrivateMosquitto({
        dir: join(dir, 'mosquitto'),
        persistence: true,
        extraUsers: [
          { ...SECOND_INGEST, acl: ['topic read fleet/#', 'topic write fleet/+/ack'] },
          { ...WATCHER, acl: ['topic read fleet/+/ack'] },
        ],
      });
      sql = new Client(db.url);
      // The first process runs the migrations; the others start on the migrated schema.
      await spawnServer('api-1', 'api');
      await sql.connect();
      await Promise.all([
        spawnServer('api-2', 'api'),
        spawnServer('ingest-a', 'ingest'),
        spawnServer('ingest-b', 'ingest', { MQTT_USERNAME: SECOND_INGEST.user, MQTT_PASSWORD: SECOND_INGEST.password }),
        spawnServer('scheduler-1', 'scheduler'),
        spawnServer('scheduler-2', 'scheduler'),
      ]);
    }, 300_000);

    afterAll(async () => {
      for (const name of procs.keys()) await kill(name);
      await sql?.end();
      await broker?.stop();
      await db?.stop();
      rmSync(dir, { recursive: true, force: true });
    }, 300_000);

    it('replays a day through the topology while an ingest process and a scheduler are killed: every stream stored once', async () => {
      // Every Ack each unit was sent, to count regressions (an Ack lower than one before it).
      const watcher = await mqtt.connectAsync(broker.url, { username: WATCHER.user, password: WATCHER.password, clientId: WATCHER.user });
      const lastAck = new Map<string, number>();
      const highestAck = new Map<string, number>();
      let acks = 0;
      let regressions = 0;
      watcher.on('message', (topic, payload) => {
        const ack = ackSchema.safeParse(JSON.parse(payload.toString()));
        if (!ack.success) return;
        acks++;
        for (const stream of ['telemetry', 'event', 'vibration'] as const) {
          const key = `${topic}|${stream}`;
          if (ack.data[stream] < (highestAck.get(key) ?? -1)) regressions++;
          lastAck.set(key, ack.data[stream]);
          highestAck.set(key, Math.max(ack.data[stream], highestAck.get(key) ?? -1));
        }
      });
      await watcher.subscribeAsync('fleet/+/ack', { qos: 1 });
      const live: SseReader[] = await Promise.all(
        ['api-1', 'api-2'].map((n) => openLiveStream(`http://127.0.0.1:${procs.get(n)!.port}/api/v1/live`)),
      );

      const simulator = spawn(
        process.execPath,
        [
          '-r',
          '@swc-node/register',
          'simulator/src/cli.ts',
          ...['--from', DAY, '--to', DAY, '--speed', 'max', '--seed', '7', '--no-progress'],
          ...['--mqtt', broker.url, '--api', `http://127.0.0.1:${procs.get('api-1')!.port}`],
          ...['--fleet-credentials', testFleetCredentials(), '--out', join(dir, 'truth.json'), '--ack-timeout-ms', '10000'],
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      simulator.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      simulator.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number>((r) => simulator.on('exit', (code) => r(code ?? -1)));

      // Mid-stream: one ingest process dies (an orchestrator restarts it), one scheduler dies for good.
      await eventually(async () => (await count('SELECT count(*) n FROM telemetry')) > 20_000, '20,000 samples stored', 300_000);
      const storedByA = stored(await metricsOf('ingest-a'));
      await kill('ingest-a');
      const skippedBeforeKill = sampleOf(await metricsOf('scheduler-2'), 'analytics_rollup_rounds_total', 'outcome="skipped"');
      await kill('scheduler-1');
      const killedAt = new Date();
      // The survivor's first round holding the lock after the death, read off its /metrics while the replay goes on.
      const takeover = eventually(
        async () => {
          const m = await metricsOf('scheduler-2');
          const ranAt = sampleOf(m, 'analytics_rollup_last_ran_timestamp_seconds') * 1000;
          return (
            ranAt > killedAt.getTime() && {
              afterMs: ranAt - killedAt.getTime(),
              skipped: sampleOf(m, 'analytics_rollup_rounds_total', 'outcome="skipped"'),
            }
          );
        },
        'a rollup round of the surviving scheduler',
        120_000,
      );
      takeover.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      await new Promise((r) => setTimeout(r, 3000));
      await spawnServer('ingest-a', 'ingest');

      const code = await exited;
      expect(out, out).toMatch(/Reconciliation: clean/);
      expect(code, out).toBe(0);

      // Exactly once: the reconciliation compared the server's counts with the ground truth; the
      // primary keys forbid a second copy; and the sum of what both processes stored is the total.
      const total = await count('SELECT count(*) n FROM telemetry');
      expect(await count('SELECT count(*) n FROM (SELECT 1 FROM telemetry GROUP BY vehicle_id, seq HAVING count(*) > 1) d')).toBe(0);
      const storedByB = stored(await metricsOf('ingest-b'));
      expect(storedByA, 'the killed ingest process had stored part of the stream').toBeGreaterThan(0);
      expect(storedByB, 'the other ingest process stored part of the stream').toBeGreaterThan(0);
      expect(total).toBeGreaterThan(storedByB);

      // Acks reached every unit. Two ingest processes publish each in its own order, so an Ack may
      // arrive after a higher one (a regression: the unit only resends what it had sent). Counted;
      // each is healed by a later Ack (every unit's last Ack is the highest), and they stay few.
      expect(acks).toBeGreaterThan(0);
      expect([...lastAck.keys()].map((k) => k.split('|')[0]).sort()).toEqual(
        expect.arrayContaining(['fleet/DSL-01/ack', 'fleet/GNV-01/ack']),
      );
      for (const [key, last] of lastAck) expect(last, key).toBe(highestAck.get(key));
      expect(regressions).toBeLessThanOrEqual(acks / 4);

      // Live events reached a client of each API process (committed by either ingest process: LISTEN/NOTIFY).
      for (const reader of live) expect(reader.messages.filter((m) => m.kind === 'telemetry').length).toBeGreaterThan(0);
      for (const reader of live) reader.close();
      await watcher.endAsync();

      // No alert raised twice by the two ingest processes (the database also allows one open alert per rule and vehicle).
      expect(await count('SELECT count(*) n FROM (SELECT 1 FROM alert GROUP BY rule_id, vehicle_id, fired_ts HAVING count(*) > 1) d')).toBe(
        0,
      );

      // The surviving scheduler took over at its next round: each round elects its runner, and the
      // dead one's lock went with its connection, so at most the one round racing the kill was skipped.
      const took = await takeover;
      expect(took.skipped - skippedBeforeKill, 'rounds the survivor skipped after the kill').toBeLessThanOrEqual(1);
      await eventually(
        async () => (await count(`SELECT count(*) n FROM rollup_state WHERE computed_at > '${killedAt.toISOString()}'`)) > 0,
        'a rollup computed by the surviving scheduler',
        120_000,
      );
      const firstAfterKill = (await sql.query(`SELECT min(computed_at) t FROM rollup_state WHERE computed_at > $1`, [killedAt])).rows[0]
        .t as Date;
      process.stdout.write(
        `topology: ${total} samples; ingest-a stored ${storedByA} before SIGKILL, ingest-b ${storedByB} in all; ${acks} Acks seen, ` +
          `${regressions} regressions; live messages ${live.map((r) => r.messages.length).join(' / ')}; ` +
          `the survivor's first round ${(took.afterMs / 1000).toFixed(1)} s after the scheduler's death (interval 2 s), ` +
          `its first rollup stored ${((firstAfterKill.getTime() - killedAt.getTime()) / 1000).toFixed(1)} s after\n`,
      );
    }, 900_000);
  },
);
