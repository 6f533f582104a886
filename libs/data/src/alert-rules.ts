/**
 * Default rules of the engineers' alerts, with the reasoning behind each threshold and its source
 * (an entry of docs/sources.md) or `assumed` where no source fixes it. One versioned file: change
 * ALERT_RULES_VERSION on any edit. These are only the defaults a fresh database starts from;
 * engineers then edit thresholds in the dashboard (validated by libs/contract/src/alerts.ts,
 * every change kept in the alerts' history). Lifecycle and evaluation: docs/alerts.md.
 * Durations (`forS`, `clearForS`, `maxGapS`) are data time; `escalateAfterMin` is wall clock.
 */
import type { AlertRuleId, AlertRuleParams } from '@app/contract';

export const ALERT_RULES_VERSION = 'alert-rules-2018.1';

export interface AlertRuleDefault {
  title: string;
  description: string;
  params: AlertRuleParams;
  /** Why these numbers, in a sentence or two, citing docs/sources.md. */
  reasoning: string;
  sources: string[];
  assumed: boolean;
}

/**
 * Consumption a remaining range is computed with until the vehicle has trips of its own (per 100 km):
 * the middle of the assumed 28–38 kg/100 km band of an intercity Interlink GNV
 * (docs/sources.md#consumption-gnv) and the assumed 30 L/100 km of the diesel reference
 * (docs/sources.md#consumption-diesel).
 */
export const RANGE_FALLBACK_PER_100KM = { cng: 33, diesel: 30 } as const;

/** How many recent trips the remaining range takes its consumption from (as the fleet view does). */
export const RANGE_RECENT_TRIPS = 20;

export const ALERT_RULE_DEFAULTS: Readonly<Record<AlertRuleId, AlertRuleDefault>> = {
  low_range: {
    title: 'Low remaining range',
    description: 'The remaining range at the consumption of the worse recent trips (10th percentile of the range) is low.',
    params: {
      forS: 60, clearForS: 60, maxGapS: 600, escalateAfterMin: 30,
      signals: { lowKm: { warning: 60, critical: 30, clear: 80 } },
      options: {},
    },
    reasoning: 'A round trip of line 101 is about 2 × 23–26 km, plus the run to the CNG station: below 60 km the coach may not finish a '
      + 'round trip and reach the pump, below 30 km not even one trip. The pessimistic end of the range is judged (the consumption of '
      + 'the worse recent trips), because that is the range a dispatcher can count on. Clear at 80 km: only a refuel brings it back, '
      + 'so a cooling tank (its pressure falls, its mass does not) never flaps the alert.',
    sources: ['line101-length', 'range-claimed', 'tank-residual', 'consumption-gnv'],
    assumed: true,
  },
  vehicle_offline: {
    title: 'Coach offline during service',
    description: 'No telemetry received from the coach for N minutes within the line’s service hours.',
    params: {
      forS: 0, clearForS: 0, maxGapS: null, escalateAfterMin: 15,
      signals: { silentMin: { warning: 10, critical: 30, clear: 1 } },
      options: {},
    },
    reasoning: 'The unit sends a sample every second while awake and keeps its outbox, so a short dead zone on the RD613 comes back '
      + 'as a burst; 10 minutes of silence during service is a coach out of reach (or a unit down), 30 minutes a lost coach. '
      + 'Resolved as soon as the coach is heard from again. '
      + 'Service hours are the GTFS timetable of the day, first departure − 15 min to last arrival + 15 min.',
    sources: ['line101-gtfs'],
    assumed: true,
  },
  consumption_high: {
    title: 'Consumption far above its recent mean',
    description: 'The consumption of the last few kilometres driven is far above the coach’s own mean of the recent days.',
    params: {
      forS: 600, clearForS: 300, maxGapS: 600, escalateAfterMin: 60,
      signals: { ratio: { warning: 1.5, critical: 2.0, clear: 1.2 } },
      options: { shortKm: 5, longKm: 150 },
    },
    reasoning: 'Compared with the coach itself (about a day of service, 150 km), not with a fixed figure, so that CNG and diesel, '
      + 'summer and winter are judged alike. Peak-hour runs take 50 instead of 37 minutes, and stop-and-go costs fuel: up to about '
      + '+30 % is ordinary (assumed); 1.5 × sustained for 10 minutes of driving is a fault (a dragging brake, an engine problem). '
      + 'Fuel burnt standing still is not counted, so a long layover does not raise it.',
    sources: ['line101-running-time', 'consumption-gnv', 'consumption-diesel'],
    assumed: true,
  },
  discomfort: {
    title: 'Ride discomfort (floor or driver seat)',
    description: 'The ISO 2631-1 total vibration value, energy-averaged over about 10 s, is in the “uncomfortable” class or worse for more than 30 s.',
    params: {
      forS: 30, clearForS: 30, maxGapS: 10, escalateAfterMin: 30,
      signals: {
        floorAv: { warning: 0.9, critical: 1.425, clear: 0.63 },
        seatAv: { warning: 0.9, critical: 1.425, clear: 0.63 },
      },
      options: { smoothingS: 10 },
    },
    reasoning: 'ISO 2631-1 comfort reactions: 0.8–1.6 m/s² uncomfortable, 1.25–2.5 very uncomfortable; the project splits the '
      + 'overlapping ranges at their midpoints (0.9 and 1.425 m/s², libs/domain COMFORT_CLASSES). Clear at 0.63 m/s², the top of '
      + '“a little uncomfortable”. Seconds are combined by their energy, so one pothole does not make 30 uncomfortable seconds.',
    sources: ['iso2631-reactions', 'iso2631-comfort', 'rms-energy-average'],
    assumed: false,
  },
  cabin_temperature: {
    title: 'Cabin temperature out of band',
    description: 'Cabin temperature more than 2 °C outside the 20–24 °C operators aim for, for 10 minutes.',
    params: {
      forS: 600, clearForS: 300, maxGapS: 300, escalateAfterMin: 60,
      signals: {
        high: { warning: 26, critical: 29, clear: 25 },
        low: { warning: 18, critical: 15, clear: 19 },
      },
      options: {},
    },
    reasoning: 'No bus standard fixes a cabin temperature; operators aim for 20–24 °C. 2 °C outside it for 10 minutes is more than '
      + 'doors opening at a stop (the HVAC catches up within minutes), 5 °C outside is an HVAC failure; clear 1 °C back inside the '
      + 'warning threshold.',
    sources: ['cabin-temperature'],
    assumed: true,
  },
  cabin_co2: {
    title: 'Cabin CO2 high',
    description: 'Cabin CO2 above 1,200 ppm for 10 minutes: the ventilation is not keeping up.',
    params: {
      forS: 600, clearForS: 300, maxGapS: 300, escalateAfterMin: 60,
      signals: { co2Ppm: { warning: 1200, critical: 2000, clear: 1000 } },
      options: {},
    },
    reasoning: 'Above 800 ppm ventilation is suboptimal, but intercity coaches measured a mean of 1,089 ppm: an alert at 800 would '
      + 'be on most of the day and nobody would read it. 1,200 ppm sustained is worse than a typical coach (ventilation or HVAC '
      + 'fresh-air fault), 2,000 ppm approaches the worst measured (3,000 ppm).',
    sources: ['co2-ventilation'],
    assumed: true,
  },
  ratings_low_streak: {
    title: 'Streak of low passenger ratings',
    description: 'Several passengers in a row rated their ride 1 or 2 of 5 on the coach’s tablet.',
    params: {
      forS: 0, clearForS: 0, maxGapS: null, escalateAfterMin: 60,
      signals: { streak: { warning: 3, critical: 5, clear: 1 } },
      options: { maxOverall: 2 },
    },
    reasoning: 'CSAT counts 4–5 of 5 as satisfied. If one answer in five is a 1 or 2 (assumed), three in a row happen by chance '
      + 'less than once in a hundred answers and five in a row about three times in ten thousand: a streak says something happened '
      + 'on board. The next rating of 3 or more resolves it. Judged on the tablets’ own clock (answeredAt).',
    sources: ['csat', 'smiley-terminal', 'tablet-pilot'],
    assumed: true,
  },
  dead_letter_rate: {
    title: 'Dead-letter rate high',
    description: 'More than 5 % of the messages received lately were rejected (malformed, out of range, unknown vehicle).',
    params: {
      forS: 60, clearForS: 120, maxGapS: null, escalateAfterMin: 30,
      signals: { sharePct: { warning: 5, critical: 20, clear: 2 } },
      options: { windowMessages: 1000, minMessages: 200 },
    },
    reasoning: 'A unit that follows docs/contract.md sends no invalid message; the simulator’s malformed fault runs at 0.1 %. '
      + '5 % of about the last thousand messages is a unit or firmware sending bad data, 20 % a broken one. Fleet-wide, since a '
      + 'rejected message may not even say which vehicle it is from.',
    sources: [],
    assumed: true,
  },
  device_silent: {
    title: 'A device that should be sending is silent',
    description: 'While the coach is in service and sending telemetry: no passenger rating from its tablet for 2 hours, or no raw '
      + 'vibration audit window from its unit for 30 minutes.',
    params: {
      forS: 0, clearForS: 0, maxGapS: null, escalateAfterMin: 120,
      signals: { tabletMin: { warning: 120, critical: 240, clear: 30 }, auditMin: { warning: 30, critical: 90, clear: 10 } },
      options: {},
    },
    reasoning: 'About 10 % of riders answered a comparable on-board tablet; with tens of riders per trip, two hours of service '
      + '(about three trips) without a single answer is a broken or disconnected tablet, not chance. The unit sends an audit '
      + 'window every 5 minutes while moving: 30 minutes without one (a layover included) is a stuck sensor stream. Silence is '
      + 'counted from the start of the day’s service, so a coach parked overnight is not stale in the morning.',
    sources: ['tablet-pilot', 'smiley-terminal'],
    assumed: true,
  },
};
