/**
 * The trial itself: Hérault Transport's two weeks of commercial service of the Scania Interlink
 * GNV on line 101, 8–22 June 2018 (docs/sources.md#trial). The one place the period is written:
 * every default period (API queries, simulator, trial command, report) comes from here.
 */
export const TRIAL_PERIOD = { from: '2018-06-08', to: '2018-06-22' } as const;
