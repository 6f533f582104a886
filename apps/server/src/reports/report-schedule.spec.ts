import { describe, expect, it } from 'vitest';
import { TRIAL_PERIOD } from '@app/data';
import { dayIsOver, dueReport, windowOf, type CoachClock } from './report-schedule';

const at = (iso: string) => Date.parse(iso);
const moving = (ts: number): CoachClock[] => [
  { vehicleId: 'GNV-01', lastTs: ts, lastEventType: 'stop_departure', lastEventTs: ts },
  { vehicleId: 'DSL-01', lastTs: ts, lastEventType: 'ignition_off', lastEventTs: ts },
];
const parked = (ts: number): CoachClock[] => moving(ts).map((c) => ({ ...c, lastEventType: 'ignition_off' }));

describe('when a scheduled report is due (data clock)', () => {
  it('nothing before the first service day is over', () => {
    expect(dueReport(TRIAL_PERIOD, null, [])).toBeNull();
    expect(dueReport(TRIAL_PERIOD, at('2018-06-08T12:00:00Z'), moving(at('2018-06-08T12:00:00Z')))).toBeNull();
  });

  it('a day is over past its service window, or past its last arrival with every coach parked', () => {
    const w = windowOf('2018-06-11')!;
    expect(dayIsOver('2018-06-11', w.end, moving(w.end))).toBe(true);
    const afterLastArrival = w.end - 10 * 60_000;
    expect(dayIsOver('2018-06-11', afterLastArrival, moving(afterLastArrival))).toBe(false);
    expect(dayIsOver('2018-06-11', afterLastArrival, parked(afterLastArrival))).toBe(true);
    // Parked at midday (a layover) is not the end of the day.
    const noon = at('2018-06-11T10:00:00Z');
    expect(dayIsOver('2018-06-11', noon, parked(noon))).toBe(false);
  });

  it('the nightly interim covers the trial up to the last service day that is over; Sundays have no service', () => {
    const monday = windowOf('2018-06-11')!.end + 60_000;
    expect(dueReport(TRIAL_PERIOD, monday, moving(monday))).toEqual({ kind: 'interim', from: '2018-06-08', to: '2018-06-11' });
    // Sunday 17 June: the last service day over is Saturday 16.
    const sunday = at('2018-06-17T10:00:00Z');
    expect(dueReport(TRIAL_PERIOD, sunday, moving(sunday))).toEqual({ kind: 'interim', from: '2018-06-08', to: '2018-06-16' });
  });

  it('the final report once the last service day is over, even if the replay stops that evening', () => {
    const last = windowOf(TRIAL_PERIOD.to)!;
    const evening = last.end - 5 * 60_000;
    expect(dueReport(TRIAL_PERIOD, evening, parked(evening))).toEqual({ kind: 'final', ...TRIAL_PERIOD });
    expect(dueReport(TRIAL_PERIOD, evening, moving(evening))).toEqual({ kind: 'interim', from: '2018-06-08', to: '2018-06-21' });
    expect(dueReport(TRIAL_PERIOD, at('2018-07-01T00:00:00Z'), moving(at('2018-07-01T00:00:00Z')))).toEqual({
      kind: 'final',
      ...TRIAL_PERIOD,
    });
  });
});
