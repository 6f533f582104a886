/** `2018-06-11 09:42:13` in Europe/Paris (what engineers read); exports keep the ISO UTC column beside it. */
const PARIS = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export const parisTime = (d: Date | string | null): string | null => (d === null ? null : PARIS.format(new Date(d)));
