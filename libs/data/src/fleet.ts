/**
 * The trial's vehicles as a list: id, fuel, which one is the diesel reference
 * (docs/sources.md#trial-reference-coach), the server's label, and the names the pages show.
 * The seed of the fleet: further coaches are registered through the admin API
 * (POST /api/v1/admin/vehicles, `npm run provision`), never added here. The one place the list is written. Tiny and free of imports so a page can bundle it: the
 * driver page's vehicle choice comes from here, the specs in vehicles.ts take id, label and fuel
 * from here, and the server upserts its `vehicle` table from it at start-up (database/fleet-seed.ts).
 */
export const FLEET = [
  {
    id: 'GNV-01', fuel: 'cng', powertrain: 'cng', lineId: '101', isReference: false, label: 'Scania Interlink LD GNV (CNG)',
    names: { fr: 'GNV-01 (car au gaz naturel)', en: 'GNV-01 (natural gas coach)' },
  },
  {
    id: 'DSL-01', fuel: 'diesel', powertrain: 'diesel', lineId: '101', isReference: true, label: 'Scania Interlink LD diesel (reference)',
    names: { fr: 'DSL-01 (car diesel de référence)', en: 'DSL-01 (diesel reference coach)' },
  },
] as const;

export type TrialVehicleId = (typeof FLEET)[number]['id'];
