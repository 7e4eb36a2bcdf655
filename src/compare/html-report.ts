import type { CompareResult, VariantResult } from './compare.js';

/** One self-contained HTML page (no scripts, no external files) with a bar chart per measure. */
export function compareReportHtml(result: CompareResult): string {
  const built = result.variants.filter((v) => v.status === 'built');
  const charts = [
    chart(
      'Size (MB, raw and gzip)',
      built,
      (v) => (v.sizes?.raw ?? 0) / 1e6,
      (v) => (v.sizes?.gzip ?? 0) / 1e6,
      'MB',
      'lower is better',
    ),
    chart('Build time (s)', built, (v) => (v.buildMs ?? 0) / 1000, undefined, 's', 'lower is better'),
    chart(
      'Peak build memory (MB)',
      built,
      (v) => (v.peakBuildMemoryBytes ?? 0) / 1e6,
      undefined,
      'MB',
      'lower is better',
    ),
    chart(
      `Cold start: instantiate${result.invoke ? ' + first call' : ''} (ms)`,
      built,
      (v) => v.coldStartMs ?? 0,
      undefined,
      'ms',
      'lower is better',
    ),
    ...(result.invoke
      ? [
          chart(
            `Throughput of ${result.invoke} (calls/s, median)`,
            built,
            (v) => v.throughput?.median ?? 0,
            undefined,
            '/s',
            'higher is better',
          ),
        ]
      : []),
  ];
  const unavailable = result.variants.filter((v) => v.status !== 'built');
  // The budget column, when compare was given limits (--max-size, --max-gzip, --max-cold-start).
  const withBudget = built.some((v) => v.overBudget !== undefined);
  const budgetCell = (v: VariantResult) =>
    withBudget ? `<td>${v.overBudget?.length ? `over: ${esc(v.overBudget.join(', '))}` : 'ok'}</td>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>componentize compare: ${esc(result.entry)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#222;max-width:60rem}
h1{font-size:1.3rem} h2{font-size:1rem;margin:1.6rem 0 .4rem} .note{color:#666;font-size:.85rem}
table{border-collapse:collapse;margin-top:1rem} td,th{padding:.25rem .6rem;border-bottom:1px solid #ddd;text-align:right} td:first-child,th:first-child{text-align:left}
</style></head><body>
<h1>componentize compare: ${esc(result.entry)}</h1>
${charts.join('\n')}
<h2>All numbers</h2>
<table><tr><th>variant</th><th>size</th><th>gzip</th><th>build</th><th>memory</th><th>cold start</th><th>calls/s (min / median)</th>${withBudget ? '<th>budget</th>' : ''}</tr>
${built.map((v) => `<tr><td>${esc(v.label)}</td><td>${v.sizes?.raw}</td><td>${v.sizes?.gzip}</td><td>${Math.round(v.buildMs ?? 0)} ms</td><td>${Math.round((v.peakBuildMemoryBytes ?? 0) / 1e6)} MB</td><td>${(v.coldStartMs ?? 0).toFixed(1)} ms</td><td>${v.throughput ? `${Math.round(v.throughput.min)} / ${Math.round(v.throughput.median)}` : '–'}</td>${budgetCell(v)}</tr>`).join('\n')}
</table>
${unavailable.length ? `<h2>Not built</h2><ul>${unavailable.map((v) => `<li><b>${esc(v.label)}</b>: ${esc(v.reason ?? '')}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}

function chart(
  title: string,
  variants: VariantResult[],
  value: (v: VariantResult) => number,
  second: ((v: VariantResult) => number) | undefined,
  unit: string,
  note: string,
): string {
  const max = Math.max(...variants.map(value), 1e-9);
  const rowHeight = second ? 34 : 22;
  const width = 720;
  const labelWidth = 210;
  const bar = (w: number) => Math.max(1, ((width - labelWidth - 90) * w) / max);
  const rows = variants.map((v, i) => {
    const y = i * rowHeight;
    const main = value(v);
    const extra = second ? second(v) : undefined;
    return `<text x="0" y="${y + 14}">${esc(v.label)}</text>
<rect x="${labelWidth}" y="${y + 3}" width="${bar(main)}" height="14" fill="#3b6ea8"/><text x="${labelWidth + bar(main) + 6}" y="${y + 14}">${fmt(main)} ${unit}</text>${
      extra === undefined
        ? ''
        : `\n<rect x="${labelWidth}" y="${y + 19}" width="${bar(extra)}" height="10" fill="#9bbbe0"/><text x="${labelWidth + bar(extra) + 6}" y="${y + 28}" font-size="11">${fmt(extra)} ${unit} gzip</text>`
    }`;
  });
  return `<h2>${esc(title)} <span class="note">${note}</span></h2>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${variants.length * rowHeight + 4}" font-size="12" font-family="system-ui,sans-serif">
${rows.join('\n')}
</svg>`;
}

function fmt(n: number): string {
  return n >= 100 ? String(Math.round(n)) : n.toFixed(2);
}

function esc(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
