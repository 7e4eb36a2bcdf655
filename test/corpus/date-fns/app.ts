import {
  addBusinessDays,
  differenceInCalendarDays,
  eachWeekendOfMonth,
  format,
  formatDistanceStrict,
  isLeapYear,
  parseISO,
} from 'date-fns';

// Date arithmetic and formatting on a parsed ISO date; the runner runs Node in UTC like the components.
export function run(input: string): string {
  const date = parseISO(input);
  const later = addBusinessDays(date, 5);
  return [
    format(later, "yyyy-MM-dd EEEE 'week' I"),
    differenceInCalendarDays(later, date),
    formatDistanceStrict(date, later),
    isLeapYear(date),
    eachWeekendOfMonth(date)
      .map((d) => format(d, 'd'))
      .join(','),
  ].join('|');
}
