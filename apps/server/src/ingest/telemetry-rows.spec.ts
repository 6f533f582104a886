import { describe, expect, it } from 'vitest';
import { sampleTelemetry } from '@app/contract';
import { INSERT_TELEMETRY_SQL, TELEMETRY_COLUMN_COUNT, telemetryArrayLiterals, telemetryColumnArrays } from './telemetry-rows';

describe('telemetry rows', () => {
  it('has one unnest parameter per column', () => {
    expect(INSERT_TELEMETRY_SQL.match(/\$\d+::/g)).toHaveLength(TELEMETRY_COLUMN_COUNT);
    expect(INSERT_TELEMETRY_SQL).toContain('ON CONFLICT (vehicle_id, seq, ts) DO NOTHING');
  });

  it('maps CNG and diesel samples, and a sample without GNSS fix, to columns', () => {
    const cng = sampleTelemetry();
    const diesel = sampleTelemetry({ vehicleId: 'DSL-01', fuel: { type: 'diesel', totalUsedL: 1234.5, levelPct: 60 }, pos: undefined });
    const cols = telemetryColumnArrays([
      { payload: cng, receivedAt: '2026-11-22T00:00:00.000Z' },
      { payload: diesel, receivedAt: '2026-11-22T00:00:01.000Z' },
    ]);
    const column = (name: string) =>
      cols[
        INSERT_TELEMETRY_SQL.split('(')[1]
          .split(')')[0]
          .split(',')
          .map((s) => s.trim())
          .indexOf(name)
      ];
    expect(column('vehicle_id')).toEqual(['GNV-01', 'DSL-01']);
    expect(column('lat')).toEqual([43.6567, null]);
    expect(column('tank_pressure_bar')).toEqual([171.4, null]);
    expect(column('total_used_kg')).toEqual([48211.37, null]);
    expect(column('total_used_l')).toEqual([null, 1234.5]);
    expect(column('floor_awz')).toEqual([0.34, 0.34]);
    expect(column('received_at')).toEqual(['2026-11-22T00:00:00.000Z', '2026-11-22T00:00:01.000Z']);
  });
});

describe('telemetry array literals', () => {
  it('read back by PostgreSQL as the same column values as the arrays node-pg would send', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = new PGlite();
    const samples = [
      { payload: sampleTelemetry(), receivedAt: '2026-11-22T00:00:00.000Z' },
      {
        payload: sampleTelemetry({
          vehicleId: 'DSL-01',
          seq: 8,
          fuel: { type: 'diesel', totalUsedL: 1234.5, levelPct: 60 },
          pos: undefined,
        }),
        receivedAt: '2026-11-22T00:00:01.000Z',
      },
    ];
    const types = [...INSERT_TELEMETRY_SQL.matchAll(/::(\w+)\[\]/g)].map((m) => m[1]);
    const literals = telemetryArrayLiterals(samples);
    const arrays = telemetryColumnArrays(samples);
    try {
      for (let c = 0; c < types.length; c++) {
        const sql = `SELECT $1::${types[c]}[] AS v`;
        const [fromLiteral, fromArray] = await Promise.all([db.query(sql, [literals[c]]), db.query(sql, [arrays[c]])]);
        expect(fromLiteral.rows, `column ${c} (${types[c]})`).toEqual(fromArray.rows);
      }
      // Quotes and backslashes in text survive.
      const text = await db.query<{ v: string[] }>(`SELECT $1::text[] AS v`, [
        telemetryArrayLiterals([{ payload: sampleTelemetry({ vehicleId: 'A"B\\C' }), receivedAt: 'x' }])[0],
      ]);
      expect(text.rows[0].v).toEqual(['A"B\\C']);
    } finally {
      await db.close();
    }
  });
});
