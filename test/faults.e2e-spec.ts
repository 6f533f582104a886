/**
 * The ingest's faults rehearsed on real servers of its own (issue 12): a private PostgreSQL
 * cluster and a private Mosquitto with persistence, so that stopping them disturbs no other test.
 * One on-board unit (the simulator's OnboardUnit + MqttLink, the contract's outbox) keeps sending
 * while, in turn: PostgreSQL is stopped for 60 s; Mosquitto restarts with its persistent store; the
 * unit is offline for 15 minutes of its data (900 samples held, then sent). After each, every
 * sample is stored exactly once and the Acks the unit received only grew. Server SIGKILL is
 * test/ingest-crash.e2e-spec.ts. Skipped when PostgreSQL's binaries or Mosquitto are not installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Ack, sampleTelemetry } from '@app/contract';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../apps/server/src/bootstrap';
import { loadConfig } from '../apps/server/src/config/app-config';
import { Rng } from '../simulator/src/rng';
import { MqttLink } from '../simulator/src/unit/mqtt-link';
import { OnboardUnit } from '../simulator/src/unit/onboard-unit';
import { eventually } from './support/app';
import { freePort } from './support/ports';
import { commandExists, hasMosquitto, startPrivateMosquitto, type PrivateMosquitto } from './support/private-mosquitto';
import { TEST_MQTT_CREDENTIALS, testFleetCredentials } from './support/servers';

const pgBin = existsSync('/usr/lib/postgresql')
  ? readdirSync('/usr/lib/postgresql')
      .map((v) => `/usr/lib/postgresql/${v}/bin`)
      .find((d) => existsSync(`${d}/initdb`))
  : undefined;
// Its servers are its own either way: it runs once per CI, in the pass on the real servers (TEST_DATABASE_URL set).
const runnable =
  Boolean(pgBin) && hasMosquitto && commandExists('runuser') && process.getuid?.() === 0 && Boolean(process.env.TEST_DATABASE_URL);
const asPostgres = (cmd: string, args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'ignore' });

describe.skipIf(!runnable)(
  `ingest faults on private servers${runnable ? '' : ' (SKIPPED: needs PostgreSQL binaries, mosquitto, root and the real-server pass)'}`,
  () => {
    let dir: string;
    let pgPort: number;
    let mosquitto: PrivateMosquitto | undefined;
    let server: RunningServer;
    let databaseUrl: string;
    let unit: OnboardUnit;
    let link: MqttLink;
    let replayTimer: NodeJS.Timeout;
    const acks: number[] = [];
    let sent = 0;
    let dataMs = Date.parse('2018-06-11T06:00:00.000Z');

    const pgCtl = (...args: string[]) => asPostgres(`${pgBin}/pg_ctl`, ['-D', join(dir, 'pg'), '-w', ...args]);
    const startPostgres = () => pgCtl('-l', join(dir, 'pg.log'), '-o', `-p ${pgPort} -c listen_addresses=127.0.0.1 -k ${dir}`, 'start');

    /** n samples, one second of data apart, through the unit's outbox. */
    const send = (n: number) => {
      for (let i = 0; i < n; i++, sent++) {
        dataMs += 1000;
        unit.setSimTime(dataMs);
        unit.telemetry(sampleTelemetry({ vehicleId: 'GNV-01', ts: new Date(dataMs).toISOString() }));
      }
    };
    /** A connection per question: PostgreSQL's outage kills any connection held across it. */
    const stored = async () => {
      const sql = new Client(databaseUrl);
      await sql.connect();
      try {
        return Number((await sql.query(`SELECT count(*) n FROM telemetry WHERE vehicle_id = 'GNV-01'`)).rows[0].n);
      } finally {
        await sql.end();
      }
    };
    /** Everything sent is stored once and acknowledged, and the Acks never went back. */
    const settled = async (what: string) => {
      await eventually(
        async () => acks.at(-1) === sent - 1 && unit.outbox.waiting === 0,
        `${what}: the Ack covers all ${sent} samples`,
        180_000,
      );
      expect(await stored()).toBe(sent);
      expect(
        acks.every((a, i) => i === 0 || a >= acks[i - 1]),
        `${what}: acks only grow`,
      ).toBe(true);
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'trial-faults-'));
      execFileSync('chown', ['postgres', dir]);
      execFileSync('chmod', ['755', dir]); // Mosquitto runs as its own user and must reach its files in here
      pgPort = await freePort();
      asPostgres(`${pgBin}/initdb`, ['-D', join(dir, 'pg'), '-A', 'trust', '-U', 'postgres']);
      startPostgres();
      databaseUrl = `postgres://postgres@127.0.0.1:${pgPort}/postgres`;
      mosquitto = await startPrivateMosquitto({ dir: join(dir, 'mosquitto'), persistence: true });
      const mqttUrl = mosquitto.url;
      server = await startServer(
        loadConfig({
          DATABASE_URL: databaseUrl,
          MQTT_URL: mqttUrl,
          HTTP_PORT: '0',
          LOG_LEVEL: 'error',
          MQTT_USERNAME: TEST_MQTT_CREDENTIALS.serverUser,
          MQTT_PASSWORD: TEST_MQTT_CREDENTIALS.serverPassword,
          FLEET_CREDENTIALS: testFleetCredentials(),
        }),
      );
      unit = new OnboardUnit({
        vehicleId: 'GNV-01',
        faults: {},
        deadZones: [],
        rng: new Rng('faults'),
        dryRun: false,
        ackTimeoutMs: 2000,
        log: () => undefined,
      });
      link = new MqttLink({
        url: mqttUrl,
        vehicleId: 'GNV-01',
        password: TEST_MQTT_CREDENTIALS.fleet['GNV-01'],
        firmware: 'test',
        now: () => dataMs,
        onAck: (a: Ack) => {
          acks.push(a.telemetry);
          unit.onAck(a);
        },
        onUp: () => unit.onLinkUp(),
        onDown: () => undefined,
        retryMs: 200,
      });
      unit.link = link;
      await link.up();
      // The unit's resend timer, as the simulator runs it.
      replayTimer = setInterval(() => unit.replay(false), 500);
    }, 180_000);

    afterAll(async () => {
      clearInterval(replayTimer);
      await link?.close().catch(() => undefined);
      await server?.stop().catch(() => undefined);
      await mosquitto?.stop();
      if (dir) {
        try {
          pgCtl('-m', 'immediate', 'stop');
        } catch {
          /* already stopped */
        }
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('PostgreSQL stopped for 60 s while the unit keeps sending: every sample stored once, acks only grow', async () => {
      send(200);
      await settled('before the outage');
      pgCtl('-m', 'immediate', 'stop');
      for (let s = 0; s < 60; s++) {
        send(5);
        await new Promise((r) => setTimeout(r, 1000));
      }
      startPostgres();
      await settled('after PostgreSQL came back');
    }, 400_000);

    it('Mosquitto restarts with its persistent store mid-stream: every sample stored once, acks only grow', async () => {
      send(200);
      await mosquitto!.stop();
      send(200);
      await mosquitto!.start();
      send(200);
      await settled('after the broker restart');
    }, 300_000);

    it('the unit offline for 15 minutes of data (900 samples held), then back: every sample stored once, acks only grow', async () => {
      unit.setBrokerDown(true);
      send(900);
      await new Promise((r) => setTimeout(r, 500));
      unit.setBrokerDown(false);
      await settled('after the unit came back');
    }, 300_000);
  },
);
