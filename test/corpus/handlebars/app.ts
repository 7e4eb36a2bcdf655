import Handlebars from 'handlebars';

const hb = Handlebars.create();
hb.registerHelper('upper', (s: string) => s.toUpperCase());
hb.registerHelper('plural', (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`);
hb.registerPartial('item', '<li>{{upper name}}{{#if @last}} (last){{/if}}</li>');
const template = hb.compile(
  '<h1>{{title}}</h1>{{#if items.length}}<ul>{{#each items}}{{> item}}{{/each}}</ul>{{else}}<p>none</p>{{/if}}{{plural items.length "item"}} {{{raw}}} {{raw}}',
);

// Compile (Handlebars generates JavaScript with the Function constructor) and render JSON input.
export function run(input: string): string {
  return template({ ...JSON.parse(input), raw: '<i>&</i>' });
}
