/**
 * Factors and assumptions are cited by their id in libs/data — a dotted path such as
 * `ENERGY_FACTORS.wtw.bioCng` or `VEHICLES.GNV-01.tank.waterVolumeL`. The builder copies each one
 * (value, unit, status, source) into the model with `sourcesFor`, so a stored model still says
 * what it was computed with after libs/data moves on (its version is in `dataVersions`).
 */
import { ENERGY_FACTORS, VEHICLES } from '@app/data';
import type { SourceRef } from './model';

const ROOTS: Record<string, unknown> = { ENERGY_FACTORS, VEHICLES };

interface Cited {
  value: unknown;
  unit?: string;
  source: string;
  status?: 'sourced' | 'computed' | 'assumed';
  assumed?: true;
}

const isCited = (x: unknown): x is Cited => !!x && typeof x === 'object' && 'value' in x && 'source' in x;

/** One factor by its id; throws on an id that names no sourced value. */
export function sourceOf(id: string): SourceRef {
  const [root, ...path] = id.split('.');
  let node: unknown = ROOTS[root];
  for (const key of path) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  if (!isCited(node)) throw new Error(`no sourced value at ${id} in libs/data`);
  const value = Array.isArray(node.value) ? node.value.join(', ') : node.value;
  if (typeof value !== 'number' && typeof value !== 'string') throw new Error(`${id} has no printable value`);
  return {
    id,
    value,
    unit: node.unit ?? null,
    status: node.status ?? (node.assumed ? 'assumed' : 'sourced'),
    source: node.source,
  };
}

export const sourcesFor = (ids: readonly string[]): SourceRef[] => [...new Set(ids)].map(sourceOf);

/** The factors every report cites: emission and energy factors, tanks, masses, prices. */
export function standardSourceIds(candidateSpec: string, referenceSpec: string): string[] {
  return [
    'ENERGY_FACTORS.lhv.methane',
    'ENERGY_FACTORS.lhv.dieselPerL',
    'ENERGY_FACTORS.density.diesel',
    'ENERGY_FACTORS.ttw.methane',
    'ENERGY_FACTORS.ttw.diesel',
    'ENERGY_FACTORS.wtw.diesel',
    'ENERGY_FACTORS.wtw.fossilCng',
    'ENERGY_FACTORS.wtw.bioCng',
    'ENERGY_FACTORS.wtw.frenchMix2018',
    'ENERGY_FACTORS.renewableGasShareFr2018',
    'ENERGY_FACTORS.defaultPrices.cngEurPerKg',
    'ENERGY_FACTORS.defaultPrices.dieselEurPerL',
    `VEHICLES.${candidateSpec}.tank.waterVolumeL`,
    `VEHICLES.${candidateSpec}.tank.nominalPressureBar`,
    `VEHICLES.${candidateSpec}.tank.residualPressureBar`,
    `VEHICLES.${candidateSpec}.engine`,
    `VEHICLES.${referenceSpec}.engine`,
    `VEHICLES.${referenceSpec}.tank.capacityL`,
    `VEHICLES.${candidateSpec}.kerbMassKg`,
    `VEHICLES.${candidateSpec}.passengerMassKg`,
  ];
}
