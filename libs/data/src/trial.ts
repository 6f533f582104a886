/**
 * The trial itself: Hérault Transport's two weeks of commercial service of the Scania Interlink
 * GNV on line 101, 8–22 June 2018 (docs/sources.md#trial). The one place the period is written:
 * every default period (API queries, simulator, trial command, report) comes from here.
 */
export const TRIAL_PERIOD = { from: '2018-06-08', to: '2018-06-22' } as const;

/**
 * The trial's name as the start-up seed writes it into the trial configuration (the `trial`
 * table: apps/server/src/database/trial-seed.ts); admins rename it through the API afterwards.
 */
export const TRIAL_NAME = 'Ligne 101 : car GNV face au diesel, juin 2018';
