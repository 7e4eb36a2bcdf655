import { Marked, marked } from 'marked';

// Markdown to HTML, with GFM tables and a custom renderer for headings.
export function run(input: string): string {
  const md = new Marked({ gfm: true });
  md.use({
    renderer: {
      heading({ tokens, depth }) {
        return `<h${depth} class="t">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
    },
  });
  const tokens = marked.lexer(input);
  return `${tokens.map((t) => t.type).join(',')}\n${md.parse(input, { async: false }) as string}`;
}
