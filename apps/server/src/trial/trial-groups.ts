/**
 * Who is compared with whom (docs/analytics.md#several-vehicles): the candidates in one group per
 * powertrain, each group against the references pooled into one. A group of one vehicle is named
 * by the vehicle's id, so the 2018 trial (one candidate, one reference) reads as before.
 */
import type { ComparisonGroup } from '@app/contract';

export interface GroupMember {
  vehicleId: string;
  /** What groups the candidates: the vehicle's powertrain (today its fuel type). */
  powertrain: string;
}

const POWERTRAIN_NAMES: Record<string, string> = { cng: 'CNG', diesel: 'diesel' };
const powertrainName = (p: string) => POWERTRAIN_NAMES[p] ?? p;

function group(members: readonly GroupMember[], id: string, label: string): ComparisonGroup {
  const powertrains = new Set(members.map((m) => m.powertrain));
  if (members.length === 1)
    return { id: members[0].vehicleId, label: members[0].vehicleId, powertrain: members[0].powertrain, vehicleIds: [members[0].vehicleId] };
  return { id, label, powertrain: powertrains.size === 1 ? [...powertrains][0] : null, vehicleIds: members.map((m) => m.vehicleId).sort() };
}

/** Candidate groups in order of their first vehicle's id, each with its vehicles by id. */
export function candidateGroups(candidates: readonly GroupMember[]): ComparisonGroup[] {
  const byPowertrain = new Map<string, GroupMember[]>();
  for (const c of [...candidates].sort((a, b) => a.vehicleId.localeCompare(b.vehicleId))) {
    byPowertrain.set(c.powertrain, [...(byPowertrain.get(c.powertrain) ?? []), c]);
  }
  return [...byPowertrain].map(([p, members]) =>
    group(members, `candidates:${p}`, `${powertrainName(p)} candidates (${members.length} vehicles)`),
  );
}

/** Every reference in one group. */
export function referenceGroup(references: readonly GroupMember[]): ComparisonGroup {
  if (references.length === 0) throw new Error('a comparison needs at least one reference');
  return group(
    [...references].sort((a, b) => a.vehicleId.localeCompare(b.vehicleId)),
    'references',
    `references (${references.length} vehicles)`,
  );
}
