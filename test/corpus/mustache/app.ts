import Mustache from 'mustache';

// Sections, inverted sections, escaping, partials and a lambda.
export function run(input: string): string {
  const view = {
    name: input,
    items: [{ n: 'a' }, { n: 'b' }],
    empty: [],
    html: '<b>&</b>',
    upper: () => (text: string, render: (t: string) => string) => render(text).toUpperCase(),
  };
  const template =
    'Hello {{name}}{{#items}}, {{n}}{{/items}}{{^empty}}!{{/empty}} {{html}} {{{html}}} {{#upper}}x{{name}}{{/upper}} {{> footer}}';
  return Mustache.render(template, view, { footer: '({{items.length}} items)' });
}
