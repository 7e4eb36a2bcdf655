import escapeHtml from 'escape-html';

// Escape HTML special characters.
export function run(input: string): string {
  return `${escapeHtml(input)}|${escapeHtml('plain')}|${escapeHtml(String(42))}`;
}
