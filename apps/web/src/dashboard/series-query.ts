/**
 * What the dashboard asks the series endpoints for (shared with bench/dashboard.bench.ts, which
 * measures exactly these requests): the charts' fields and the day view's window.
 */
import type { SeriesField } from '../../../../libs/contract/src/analytics';

export const CHART_FIELDS: readonly SeriesField[] = [
  'speedKmh',
  'fuelCounter',
  'tankMassKg',
  'seatAwx',
  'seatAwy',
  'seatAwz',
  'floorAwx',
  'floorAwy',
  'floorAwz',
  'cabinTempC',
  'cabinCo2Ppm',
  'cabinNoiseDbA',
  'driverNoiseDbA',
];

/** The day view: 16 h from 05:00 Paris, 2,000 points from the API (decimated again on screen). */
export const DAY_START_H = 5;
export const DAY_HOURS = 16;
export const DAY_POINTS = 2000;
