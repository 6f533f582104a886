/**
 * The vehicle table follows libs/data's FLEET (apps/server/src/database/fleet-seed.ts): after the
 * migrations every start upserts it, restores a drifted row, and leaves other vehicles alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { FLEET } from '@app/data';
import { openDataSource } from '../apps/server/src/database/data-source';
import { seedFleet } from '../apps/server/src/database/fleet-seed';
import { createTestDatabase, type TestDatabase } from './support/servers';

let db: TestDatabase;
let ds: DataSource;
const rows = async () =>
  (await ds.query(`SELECT id, label, fuel_type, is_reference FROM vehicle ORDER BY id`)) as Array<{
    id: string;
    label: string;
    fuel_type: string;
    is_reference: boolean;
  }>;
const fleetRows = FLEET.map((v) => ({ id: v.id, label: v.label, fuel_type: v.fuel, is_reference: v.isReference })).sort((a, b) =>
  a.id.localeCompare(b.id),
);

beforeAll(async () => {
  db = await createTestDatabase();
  ds = await openDataSource(db.url, 1);
});

afterAll(async () => {
  await ds?.destroy();
  await db?.stop();
});

describe('the vehicle table from libs/data', () => {
  it('holds the fleet after the migrations', async () => {
    expect(await rows()).toEqual(fleetRows);
  });

  it('restores a drifted row, keeps other vehicles, and changes nothing the second time', async () => {
    await ds.query(`UPDATE vehicle SET label = 'old name', is_reference = NOT is_reference WHERE id = $1`, [FLEET[0].id]);
    await ds.query(`INSERT INTO vehicle (id, label, fuel_type) VALUES ('BUS-7', 'another coach', 'diesel')`);
    await seedFleet(ds);
    await seedFleet(ds);
    const after = await rows();
    expect(after.filter((r) => r.id !== 'BUS-7')).toEqual(fleetRows);
    expect(after.find((r) => r.id === 'BUS-7')).toMatchObject({ label: 'another coach', fuel_type: 'diesel' });
  });
});
