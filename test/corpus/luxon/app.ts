import { DateTime, Duration, Interval } from 'luxon';

// Dates in UTC: arithmetic, formatting, ISO weeks, durations and intervals.
export function run(input: string): string {
  const d = DateTime.fromISO(input, { zone: 'utc' });
  const later = d.plus({ months: 1, days: 3 }).endOf('day');
  return [
    later.toISO(),
    d.toFormat('yyyy LLL dd cccc'),
    d.weekNumber,
    Duration.fromObject({ hours: 26, minutes: 5 }).shiftTo('days', 'hours', 'minutes').toISO(),
    Interval.fromDateTimes(d, later).length('days').toFixed(2),
    d.toRelative({ base: later }),
  ].join('|');
}
