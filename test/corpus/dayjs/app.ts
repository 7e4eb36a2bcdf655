import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(relativeTime);

// Parse in UTC, add and subtract, format, diff and a relative time between two fixed dates.
export function run(input: string): string {
  const d = dayjs.utc(input);
  const next = d.add(1, 'month').startOf('week');
  return [
    next.format('YYYY-MM-DD ddd HH:mm'),
    next.diff(d, 'day'),
    d.from(next),
    d.isBefore(next),
    d.daysInMonth(),
  ].join('|');
}
