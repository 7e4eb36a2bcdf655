// The corpus's table: `package | engine | ok | equal to Node`, then what went wrong per row.

export function printTable(rows) {
  const cells = rows.map((r) => [
    r.name,
    r.engine,
    r.status === 'pass' ? 'ok' : r.status === 'gap' ? 'gap' : 'FAIL',
    r.equal,
  ]);
  const header = ['package', 'engine', 'ok', 'equal to Node'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
  const line = (row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join(' | ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of cells) console.log(line(row));
  const details = rows.filter((r) => r.detail);
  if (details.length === 0) return;
  console.log('');
  for (const r of details)
    console.log(
      `${r.status === 'gap' ? 'gap ' : 'FAIL'} ${r.name} (${r.engine}): ${r.detail.replace(/\n/g, '\n    ')}`,
    );
}
