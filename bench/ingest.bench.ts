/**
 * Ingest benchmark (issue 2), on the real Mosquitto + PostgreSQL of this machine, in one run:
 *  (a) broker-only relay rate: a bare subscriber that stores nothing;
 *  (b) this pipeline: samples committed and acknowledged end to end per second;
 *  (c) naive baseline: one TypeORM save() per message, PUBACK held until its commit;
 *  (d) p50/p99 latency from publish to Ack received at a steady 1,000 msg/s;
 * and counts proving nothing was lost or duplicated.
 *   npm run bench:ingest -- [--seconds 60] [--vehicles 10]
 * Needs the tests' Mosquitto (.ci/mosquitto-test.sh: BENCH-001… users) and PostgreSQL.
 */
import 'reflect-metadata';
import mqtt from 'mqtt';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { startServer } from '../apps/server/src/bootstrap';
import { loadConfig } from '../apps/server/src/config/app-config';
import { openDataSource } from '../apps/server/src/database/data-source';
import { MIGRATIONS } from '../apps/server/src/database/migrations';
import { telemetrySchema } from '../libs/contract/src/payloads';
import { appendResults, createDatabase, dropDatabase, machineLine, phase, runChild } from './support/bench-env';
import { NaiveTelemetry } from './support/naive-telemetry.entity';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
};
const SECONDS = arg('seconds', 60);
const VEHICLES = arg('vehicles', 10);
const MQTT_URL = process.env.BENCH_MQTT_URL ?? 'mqtt://127.0.0.1:18830';
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SERVER = { username: 'ingest', password: 'ingest-dev-secret' };

interface LoadResult {
  published: number;
  pubacked: number;
  acked: number;
  seconds: number;
  settledSeconds: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

const vehicleIds = Array.from({ length: VEHICLES }, (_, i) => `BENCH-${String(i + 1).padStart(3, '0')}`);

async function clearAcks(): Promise<void> {
  const c = await mqtt.connectAsync(MQTT_URL, { ...SERVER, reconnectPeriod: 0 });
  for (const id of vehicleIds) await c.publishAsync(`fleet/${id}/ack`, '', { qos: 1, retain: true });
  await c.endAsync();
}

async function registerVehicles(url: string): Promise<void> {
  const c = new Client(url);
  await c.connect();
  await c.query(`INSERT INTO vehicle (id, label, fuel_type) SELECT unnest($1::text[]), 'benchmark unit', 'cng' ON CONFLICT DO NOTHING`, [
    vehicleIds,
  ]);
  await c.end();
}

async function verify(url: string, expected: number): Promise<{ rows: number; duplicates: number; vehiclesOk: boolean }> {
  const c = new Client(url);
  await c.connect();
  const rows = Number((await c.query('SELECT count(*) n FROM telemetry')).rows[0].n);
  const dups = await c
    .query(`SELECT coalesce(sum(n), 0) n FROM ingest_counter WHERE outcome = 'duplicate'`)
    .catch(() => ({ rows: [{ n: 0 }] }));
  await c.end();
  return { rows, duplicates: Number(dups.rows[0].n), vehiclesOk: rows === expected };
}

async function brokerOnly(): Promise<{ rate: number; received: number; published: number }> {
  const sub = await mqtt.connectAsync(MQTT_URL, { ...SERVER, clientId: `bench-bare-${process.pid}`, clean: true, reconnectPeriod: 0 });
  let received = 0;
  sub.on('message', () => received++);
  await sub.subscribeAsync('fleet/+/telemetry', { qos: 1 });
  const load = await phase('(a) broker only, bare subscriber', SECONDS, () =>
    runChild<LoadResult>('bench/support/load-generator.ts', {
      url: MQTT_URL,
      vehicles: VEHICLES,
      seconds: SECONDS,
      mode: 'flood',
      rate: 0,
      window: 1000,
      waitAck: false,
      firstSeq: 0,
    }),
  );
  const deadline = Date.now() + 30_000;
  while (received < load.published && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await sub.endAsync();
  return { rate: received / load.seconds, received, published: load.published };
}

async function pipeline(
  db: string,
  mode: 'flood' | 'rate',
  rate = 0,
): Promise<LoadResult & { verify: Awaited<ReturnType<typeof verify>> }> {
  const url = await createDatabase(PG_URL, db);
  // Schema and vehicles first: the ingest loads its vehicle list at start.
  await (await openDataSource(url, 1)).destroy();
  await registerVehicles(url);
  const server = await startServer(
    loadConfig({
      HTTP_PORT: '0',
      DATABASE_URL: url,
      MQTT_URL,
      MQTT_USERNAME: SERVER.username,
      MQTT_PASSWORD: SERVER.password,
      MQTT_CLEAN_SESSION: 'true',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'pretty',
    }),
  );
  await clearAcks();
  const label = mode === 'flood' ? '(b) pipeline, flood' : `(d) pipeline at ${rate} msg/s`;
  const load = await phase(label, SECONDS, () =>
    runChild<LoadResult>('bench/support/load-generator.ts', {
      url: MQTT_URL,
      vehicles: VEHICLES,
      seconds: SECONDS,
      mode,
      rate,
      window: 20_000,
      waitAck: true,
      firstSeq: 0,
    }),
  );
  await server.stop();
  const v = await verify(url, load.published);
  await dropDatabase(PG_URL, db);
  return { ...load, verify: v };
}

async function naive(db: string): Promise<{ rate: number; stored: number; published: number }> {
  const url = await createDatabase(PG_URL, db);
  const ds = new DataSource({ type: 'postgres', url, entities: [NaiveTelemetry], migrations: MIGRATIONS, synchronize: false, poolSize: 4 });
  await ds.initialize();
  await ds.runMigrations();
  await registerVehicles(url);
  const repo = ds.getRepository(NaiveTelemetry);
  const sub = await mqtt.connectAsync(MQTT_URL, { ...SERVER, clientId: `bench-naive-${process.pid}`, clean: true, reconnectPeriod: 0 });
  let stored = 0;
  // PUBACK only after this message's own commit: mqtt.js then handles the next packet.
  sub.handleMessage = (packet, done) => {
    const t = telemetrySchema.parse(JSON.parse(packet.payload.toString()));
    const f = t.fuel;
    repo
      .save(
        repo.create({
          vehicleId: t.vehicleId,
          seq: t.seq,
          ts: new Date(t.ts),
          lat: t.pos?.lat ?? null,
          lon: t.pos?.lon ?? null,
          headingDeg: t.pos?.headingDeg ?? null,
          gnssFix: t.pos?.fix ?? null,
          speedKmh: t.speedKmh,
          odometerKm: t.odometerKm,
          engineRpm: t.engineRpm,
          engineLoadPct: t.engineLoadPct,
          acceleratorPct: t.acceleratorPct,
          brakePressed: t.brakePressed,
          doorsOpen: t.doorsOpen,
          passengers: t.passengers,
          fuelType: f.type,
          tankPressureBar: f.type === 'cng' ? f.tankPressureBar : null,
          tankTempC: f.type === 'cng' ? f.tankTempC : null,
          totalUsedKg: f.type === 'cng' ? f.totalUsedKg : null,
          totalUsedL: f.type === 'diesel' ? f.totalUsedL : null,
          fuelLevelPct: f.levelPct,
          cabinTempC: t.cabin.tempC,
          cabinHumidityPct: t.cabin.humidityPct,
          cabinCo2Ppm: t.cabin.co2Ppm,
          cabinNoiseDbA: t.cabin.noiseDbA,
          driverNoiseDbA: t.driver.noiseDbA,
          cabTempC: t.driver.cabTempC,
          ambientTempC: t.ambientTempC,
          hvacOn: t.hvacOn,
          seatAwx: t.vibration.driverSeat.awx,
          seatAwy: t.vibration.driverSeat.awy,
          seatAwz: t.vibration.driverSeat.awz,
          floorAwx: t.vibration.floor.awx,
          floorAwy: t.vibration.floor.awy,
          floorAwz: t.vibration.floor.awz,
          receivedAt: new Date(),
        }),
      )
      .then(
        () => {
          stored++;
          done();
        },
        (e: Error) => done(e),
      );
  };
  await sub.subscribeAsync('fleet/+/telemetry', { qos: 1 });
  const load = await phase('(c) naive: save() per message', SECONDS, () =>
    runChild<LoadResult>('bench/support/load-generator.ts', {
      url: MQTT_URL,
      vehicles: VEHICLES,
      seconds: SECONDS,
      mode: 'flood',
      rate: 0,
      window: 1000,
      waitAck: false,
      firstSeq: 0,
    }),
  );
  const rate = stored / load.seconds;
  await sub.endAsync(true);
  await ds.destroy();
  await dropDatabase(PG_URL, db);
  return { rate, stored, published: load.published };
}

async function main(): Promise<void> {
  process.stdout.write(
    `Ingest benchmark: ${VEHICLES} vehicles, ${SECONDS} s per phase, broker ${MQTT_URL}, PostgreSQL ${PG_URL.replace(/\/\/.*@/, '//')}\n`,
  );
  const a = await brokerOnly();
  const b = await pipeline('bench_ingest_b', 'flood');
  const c = await naive('bench_ingest_c');
  const d = await pipeline('bench_ingest_d', 'rate', 1000);
  const bRate = b.acked / b.settledSeconds;
  const lines = [
    `## Ingest — ${new Date().toISOString().slice(0, 10)} — ${machineLine()}`,
    `Real Mosquitto 2.0 + PostgreSQL 15 on the same machine, ${VEHICLES} vehicles publishing contract telemetry at QoS 1, ${SECONDS} s per phase.`,
    '',
    '| measure | value |',
    '|---|---|',
    `| (a) broker-only relay, bare subscriber | ${Math.round(a.rate).toLocaleString('en')} msg/s (${a.received.toLocaleString('en')} of ${a.published.toLocaleString('en')} received) |`,
    `| (b) this pipeline, committed and acked | ${Math.round(bRate).toLocaleString('en')} samples/s (${b.acked.toLocaleString('en')} acked of ${b.published.toLocaleString('en')} published) |`,
    `| (c) naive: one TypeORM save() per message, PUBACK after commit | ${Math.round(c.rate).toLocaleString('en')} msg/s |`,
    `| (b) / (a) | ${(bRate / a.rate).toFixed(2)} |`,
    `| (b) / (c) | ${(bRate / c.rate).toFixed(1)} × |`,
    `| (d) latency publish → Ack received at 1,000 msg/s | p50 ${d.p50Ms?.toFixed(1)} ms, p99 ${d.p99Ms?.toFixed(1)} ms, max ${d.maxMs?.toFixed(1)} ms |`,
    `| nothing lost (b) | ${b.verify.rows.toLocaleString('en')} rows for ${b.published.toLocaleString('en')} published: ${b.verify.vehiclesOk ? 'equal' : 'DIFFERENT'}; duplicates ${b.verify.duplicates} |`,
    `| nothing lost (d) | ${d.verify.rows.toLocaleString('en')} rows for ${d.published.toLocaleString('en')} published: ${d.verify.vehiclesOk ? 'equal' : 'DIFFERENT'}; duplicates ${d.verify.duplicates} |`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  appendResults(lines.join('\n'));
  process.exit(0);
}

void main().catch((e: Error) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
