import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFleet, readFleetFile } from './fleet';
import { OptionsError, parseOptions } from './options';

describe('a generated fleet', () => {
  it('puts the coaches alternately on lines 101 and 102, powertrains in turn, with unique ids', () => {
    const fleet = generateFleet(8);
    expect(fleet.map((v) => `${v.id} ${v.powertrain} ${v.lineId}`)).toEqual([
      'GNV-101-01 cng 101',
      'GNV-102-01 cng 102',
      'DSL-101-01 diesel 101',
      'DSL-102-01 diesel 102',
      'BIO-101-01 biognv 101',
      'BIO-102-01 biognv 102',
      'HYB-101-01 hybrid 101',
      'HYB-102-01 hybrid 102',
    ]);
    expect(new Set(generateFleet(100).map((v) => v.id)).size).toBe(100);
  });

  it('refuses a size out of range', () => {
    expect(() => generateFleet(0)).toThrow(/1 to 500/);
    expect(() => generateFleet(2.5)).toThrow(/1 to 500/);
  });
});

describe('a fleet file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('is read when valid', () => {
    const path = write(
      'ok.json',
      JSON.stringify({ vehicles: [{ id: 'GNV-101-01', powertrain: 'cng', lineId: '101', unitSecret: 's', tabletToken: 't' }] }),
    );
    expect(readFleetFile(path).vehicles[0].unitSecret).toBe('s');
  });

  it('is refused naming the entry and the field', () => {
    expect(() =>
      readFleetFile(write('bad.json', JSON.stringify({ vehicles: [{ id: 'x y', powertrain: 'steam', lineId: '999' }] }))),
    ).toThrow(/vehicles\.0\.id[\s\S]*vehicles\.0\.powertrain[\s\S]*vehicles\.0\.lineId/);
    expect(() => readFleetFile(write('broken.json', '{'))).toThrow(/broken\.json/);
  });
});

describe('simulator options with a fleet', () => {
  const fleet = generateFleet(2).map((v) => ({ ...v, unitSecret: `secret-${v.id}`, tabletToken: `tablet-${v.id}` }));

  it('plays the whole fleet by default, its secrets and tokens joining the credential lists', () => {
    const o = parseOptions({ fleet, mqttUrl: 'mqtt://127.0.0.1:1883' });
    expect(o.vehicles).toEqual(['GNV-101-01', 'GNV-102-01']);
    expect(o.fleetCredentials['GNV-102-01']).toBe('secret-GNV-102-01');
    expect(o.tabletTokens['GNV-101-01']).toBe('tablet-GNV-101-01');
  });

  it('refuses a coach without a secret, an unknown coach and a bad --until', () => {
    expect(() => parseOptions({ fleet: generateFleet(1) })).toThrow(/no secret for GNV-101-01/);
    expect(() => parseOptions({ vehicles: 'BUS-9' })).toThrow(OptionsError);
    expect(() => parseOptions({ fleet, until: '25:00' })).toThrow(/until: expected HH:MM/);
  });
});
