/**
 * The full simulated trial written straight into the ingest tables, for the analytics benchmark:
 * the simulator's coaches (its VehicleSim, in process, no broker) play 8–22 June, and their
 * telemetry, events and audit windows are inserted with unnest() in large batches, with the
 * ingest_counter rows the ingest would have written. Much faster than going through MQTT, and
 * the analytics only read these tables.
 */
import { FLEET, LOCAL_UTC_OFFSET_S, VEHICLES } from '@app/data';
import type { Telemetry, TelemetryEvent, VibrationWindow } from '@app/contract';
import type { DataSource } from 'typeorm';
import { parseFaults, planFaults } from '../../simulator/src/faults';
import { Rng } from '../../simulator/src/rng';
import { runDates } from '../../simulator/src/vehicle/service-day';
import { VehicleSim } from '../../simulator/src/vehicle/vehicle-sim';
import { Weather } from '../../simulator/src/world/weather';

const dayStartMs = (date: string) => Date.parse(`${date}T00:00:00Z`) - LOCAL_UTC_OFFSET_S * 1000;

export interface TrialData {
  telemetry: number;
  events: number;
  windows: number;
  ms: number;
}

export async function writeTrial(ds: DataSource, from: string, to: string, seed = 42): Promise<TrialData> {
  const started = performance.now();
  const root = new Rng(`gnv-trial/${seed}`);
  const dates = runDates(from, to);
  const ids = FLEET.map((v) => v.id);
  const plan = planFaults(
    parseFaults(''),
    ids,
    dates.map((d) => d.date),
    root.fork('faults'),
  );
  const weather = new Weather(root.fork('weather'));
  const startMs = dayStartMs(from);
  const endMs = dayStartMs(to) + 86_400_000;
  const buf = { tel: [] as Telemetry[], ev: [] as TelemetryEvent[], win: [] as VibrationWindow[] };
  const seq: Record<string, { telemetry: number; event: number; vibration: number }> = {};
  const counts = new Map<string, number>();
  const count = (vehicleId: string, ts: string, stream: string) => {
    const k = `${vehicleId}|${ts.slice(0, 10)}|${stream}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  const sims = ids.map((id, index) => {
    seq[id] = { telemetry: 0, event: 0, vibration: 0 };
    // The simulator reuses its message objects: keep copies.
    return new VehicleSim({
      spec: VEHICLES[id],
      index,
      rng: root.fork(`vehicle/${id}`),
      weather,
      dates,
      startMs,
      endMs,
      faults: plan.vehicles[id],
      windowSeconds: 8,
      windowPeriodS: 300,
      sink: {
        telemetry: (t) => {
          buf.tel.push({ ...structuredClone(t), seq: seq[id].telemetry++ });
          count(id, t.ts, 'telemetry');
        },
        event: (e) => {
          buf.ev.push({ ...structuredClone(e), seq: seq[id].event++ });
          count(id, e.ts, 'event');
        },
        vibration: (w) => {
          buf.win.push({ ...structuredClone(w), seq: seq[id].vibration++ });
          count(id, w.ts, 'vibration');
        },
        rating: () => undefined,
        questionnaire: () => undefined,
      },
    });
  });
  const gens = sims.map((s) => s.run());
  const totals = { telemetry: 0, events: 0, windows: 0 };
  const flush = async () => {
    totals.telemetry += buf.tel.length;
    totals.events += buf.ev.length;
    totals.windows += buf.win.length;
    await insertTelemetry(ds, buf.tel.splice(0));
    await insertEvents(ds, buf.ev.splice(0));
    await insertWindows(ds, buf.win.splice(0));
  };
  for (let t = startMs; t < endMs; t += 1000) {
    for (const g of gens) g.next();
    if (buf.tel.length >= 20_000) await flush();
  }
  await flush();
  for (const [k, n] of counts) {
    const [vehicleId, day, stream] = k.split('|');
    await ds.query(
      `INSERT INTO ingest_counter (vehicle_id, day, stream, outcome, n) VALUES ($1, $2, $3, 'stored', $4)
      ON CONFLICT (vehicle_id, day, stream, outcome) DO UPDATE SET n = ingest_counter.n + EXCLUDED.n`,
      [vehicleId, day, stream, n],
    );
  }
  return { ...totals, ms: performance.now() - started };
}

async function insertTelemetry(ds: DataSource, rows: Telemetry[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    const c = rows.slice(i, i + 5000);
    const col = <T>(f: (t: Telemetry) => T) => c.map(f);
    const fuel = (t: Telemetry) => t.fuel;
    await ds.query(
      `INSERT INTO telemetry (vehicle_id, seq, ts, lat, lon, heading_deg, gnss_fix, speed_kmh, odometer_km, engine_rpm, engine_load_pct,
         accelerator_pct, brake_pressed, doors_open, passengers, fuel_type, tank_pressure_bar, tank_temp_c, total_used_kg, total_used_l,
         fuel_level_pct, cabin_temp_c, cabin_humidity_pct, cabin_co2_ppm, cabin_noise_dba, driver_noise_dba, cab_temp_c, ambient_temp_c,
         hvac_on, seat_awx, seat_awy, seat_awz, floor_awx, floor_awy, floor_awz, received_at)
       SELECT *, now() FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::float8[], $5::float8[], $6::real[], $7::boolean[],
         $8::real[], $9::float8[], $10::real[], $11::real[], $12::real[], $13::boolean[], $14::boolean[], $15::smallint[], $16::text[],
         $17::real[], $18::real[], $19::float8[], $20::float8[], $21::real[], $22::real[], $23::real[], $24::real[], $25::real[], $26::real[],
         $27::real[], $28::real[], $29::boolean[], $30::real[], $31::real[], $32::real[], $33::real[], $34::real[], $35::real[])`,
      [
        col((t) => t.vehicleId),
        col((t) => t.seq),
        col((t) => t.ts),
        col((t) => t.pos?.lat ?? null),
        col((t) => t.pos?.lon ?? null),
        col((t) => t.pos?.headingDeg ?? null),
        col((t) => t.pos?.fix ?? null),
        col((t) => t.speedKmh),
        col((t) => t.odometerKm),
        col((t) => t.engineRpm),
        col((t) => t.engineLoadPct),
        col((t) => t.acceleratorPct),
        col((t) => t.brakePressed),
        col((t) => t.doorsOpen),
        col((t) => t.passengers),
        col((t) => fuel(t).type),
        col((t) => {
          const f = fuel(t);
          return f.type === 'cng' ? f.tankPressureBar : null;
        }),
        col((t) => {
          const f = fuel(t);
          return f.type === 'cng' ? f.tankTempC : null;
        }),
        col((t) => {
          const f = fuel(t);
          return f.type === 'cng' ? f.totalUsedKg : null;
        }),
        col((t) => {
          const f = fuel(t);
          return f.type === 'diesel' ? f.totalUsedL : null;
        }),
        col((t) => fuel(t).levelPct),
        col((t) => t.cabin.tempC),
        col((t) => t.cabin.humidityPct),
        col((t) => t.cabin.co2Ppm),
        col((t) => t.cabin.noiseDbA),
        col((t) => t.driver.noiseDbA),
        col((t) => t.driver.cabTempC),
        col((t) => t.ambientTempC),
        col((t) => t.hvacOn),
        col((t) => t.vibration.driverSeat.awx),
        col((t) => t.vibration.driverSeat.awy),
        col((t) => t.vibration.driverSeat.awz),
        col((t) => t.vibration.floor.awx),
        col((t) => t.vibration.floor.awy),
        col((t) => t.vibration.floor.awz),
      ],
    );
  }
}

async function insertEvents(ds: DataSource, rows: TelemetryEvent[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    const c = rows.slice(i, i + 5000);
    await ds.query(
      `INSERT INTO event (vehicle_id, seq, ts, type, data, received_at)
       SELECT v, s, t, ty, d::jsonb, now() FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[]) AS u(v, s, t, ty, d)`,
      [c.map((e) => e.vehicleId), c.map((e) => e.seq), c.map((e) => e.ts), c.map((e) => e.type), c.map((e) => JSON.stringify(e.data))],
    );
  }
}

async function insertWindows(ds: DataSource, rows: VibrationWindow[]): Promise<void> {
  for (const w of rows) {
    await ds.query(
      `INSERT INTO vibration_window (vehicle_id, seq, ts, location, sample_rate_hz, sample_count, x, y, z, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())`,
      [w.vehicleId, w.seq, w.ts, w.location, w.sampleRateHz, w.x.length, w.x, w.y, w.z],
    );
  }
}
