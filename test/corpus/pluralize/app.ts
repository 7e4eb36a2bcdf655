import pluralize from 'pluralize';

pluralize.addIrregularRule('octopus', 'octopodes');

// Plural and singular forms, counts, and the rule checks, word by word.
export function run(input: string): string {
  return input
    .split(',')
    .map(
      (w) =>
        `${w}>${pluralize.plural(w)}>${pluralize.singular(pluralize.plural(w))}>${pluralize(w, 3, true)}>${pluralize.isPlural(w)}`,
    )
    .join('\n');
}
