/**
 * Load generator for the ingest benchmark, run as a child process so that it does not share the
 * server's event loop. Plays `vehicles` on-board units publishing contract telemetry at QoS 1.
 *   flood: as fast as the window allows, for `seconds`
 *   rate:  a fixed total rate (msg/s), for `seconds`
 * Window: at most `window` messages per vehicle not yet covered (by the end-to-end Ack when
 * `waitAck`, else by the broker's PUBACK), like the unit's outbox. Prints one JSON line of results.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { sampleTelemetry } from '../../libs/contract/src/fixtures';

interface Options {
  url: string;
  vehicles: number;
  seconds: number;
  mode: 'flood' | 'rate';
  rate: number;
  window: number;
  waitAck: boolean;
  firstSeq: number;
  /** Number of the first unit (BENCH-001 by default): runs in one database with fresh units need no seq bookkeeping. */
  firstUnit?: number;
}
const opts: Options = JSON.parse(process.argv[2]);

const T0 = Date.parse('2018-06-11T05:00:00.000Z');
const vehicleIds = Array.from({ length: opts.vehicles }, (_, i) => `BENCH-${String(i + (opts.firstUnit ?? 1)).padStart(3, '0')}`);

/**
 * Contract telemetry with seq, ts and odometer filled into a pre-serialised template: the unit's
 * own serialisation is not what is measured, and a JSON.stringify per message would make this
 * process, not the pipeline, the bottleneck on a 2-core machine.
 */
const templates = new Map<string, [string, string, string, string]>();
function payload(vehicleId: string, seq: number): string {
  let t = templates.get(vehicleId);
  if (!t) {
    const json = JSON.stringify(sampleTelemetry({ vehicleId, seq: 111111111, ts: 'TS', odometerKm: 222222222 }));
    const [a, rest] = json.split('111111111');
    const [b, rest2] = rest.split('"TS"');
    const [c, d] = rest2.split('222222222');
    t = [a, b, c, d];
    templates.set(vehicleId, t);
  }
  return `${t[0]}${seq}${t[1]}"${new Date(T0 + seq * 1000).toISOString()}"${t[2]}${100_000 + seq * 0.015}${t[3]}`;
}

interface Unit {
  id: string;
  client: MqttClient;
  next: number;
  acked: number;
  published: number;
  pubacked: number;
  sentAt: Map<number, number>;
}

async function main(): Promise<void> {
  const latencies: number[] = [];
  const units: Unit[] = await Promise.all(
    vehicleIds.map(async (id) => {
      const client = await mqtt.connectAsync(opts.url, {
        username: id,
        password: 'bench',
        clientId: `${id}-${process.pid}`,
        reconnectPeriod: 0,
      });
      const unit: Unit = { id, client, next: opts.firstSeq, acked: opts.firstSeq - 1, published: 0, pubacked: 0, sentAt: new Map() };
      if (opts.waitAck) {
        client.on('message', (_t, buf) => {
          if (!buf.length) return;
          const ack = JSON.parse(buf.toString()).telemetry as number;
          const now = performance.now();
          for (let s = unit.acked + 1; s <= ack; s++) {
            const at = unit.sentAt.get(s);
            if (at !== undefined) {
              latencies.push(now - at);
              unit.sentAt.delete(s);
            }
          }
          unit.acked = Math.max(unit.acked, ack);
        });
        await client.subscribeAsync(`fleet/${id}/ack`, { qos: 1 });
      }
      return unit;
    }),
  );

  let pubacked = 0;
  const outstanding = (u: Unit) => (opts.waitAck ? u.next - 1 - u.acked : u.published - u.pubacked);
  const start = performance.now();
  const end = start + opts.seconds * 1000;
  const perUnitInterval = opts.mode === 'rate' ? (1000 * opts.vehicles) / opts.rate : 0;

  await Promise.all(
    units.map(async (u, i) => {
      let due = start + (perUnitInterval * i) / opts.vehicles;
      while (performance.now() < end) {
        if (opts.mode === 'rate') {
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          due += perUnitInterval;
        }
        if (outstanding(u) >= opts.window) {
          await new Promise((r) => setImmediate(r));
          continue;
        }
        const seq = u.next++;
        if (opts.waitAck) u.sentAt.set(seq, performance.now());
        u.published++;
        u.client.publish(`fleet/${u.id}/telemetry`, payload(u.id, seq), { qos: 1 }, () => {
          pubacked++;
          u.pubacked++;
        });
        if (opts.mode === 'flood' && u.published % 200 === 0) await new Promise((r) => setImmediate(r));
      }
    }),
  );
  const publishEnd = performance.now();
  const published = units.reduce((n, u) => n + u.published, 0);
  // Let the tail settle so that acked counts are final.
  if (opts.waitAck) {
    const deadline = performance.now() + 60_000;
    while (performance.now() < deadline && units.some((u) => u.acked < u.next - 1)) await new Promise((r) => setTimeout(r, 50));
  }
  const acked = units.reduce((n, u) => n + (u.acked - opts.firstSeq + 1), 0);
  latencies.sort((a, b) => a - b);
  const q = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : null);
  process.stdout.write(
    JSON.stringify({
      published,
      pubacked,
      acked,
      seconds: (publishEnd - start) / 1000,
      settledSeconds: (performance.now() - start) / 1000,
      p50Ms: q(0.5),
      p99Ms: q(0.99),
      maxMs: latencies.at(-1) ?? null,
      nextSeq: units.map((u) => u.next),
    }) + '\n',
  );
  await Promise.all(units.map((u) => u.client.endAsync()));
}

void main().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
