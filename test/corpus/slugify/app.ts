import slugify from 'slugify';

// URL slugs with the default charmap, strict mode, a locale and a custom replacement.
export function run(input: string): string {
  return [
    slugify(input),
    slugify(input, { lower: true, strict: true }),
    slugify(input, { replacement: '_', locale: 'de', trim: true }),
    slugify(input, { remove: /[*+~.()'"!:@]/g, lower: true }),
  ].join('\n');
}
