// One row's verdict from what Node and the component gave, and gaps.json's say on it.
// A row is `pass` only when it built, every call answered, and every answer equals Node's.
// A row listed in gaps.json shows `gap` instead of failing; a listed row that passes fails the
// run, so the list can only shrink to the truth. A failure in Node is the corpus's own bug and
// fails whatever gaps.json says.

export function verdict(node, component, listedGap) {
  if (node.error) return { status: 'fail', equal: '-', detail: node.error };
  const equal = component.built && !component.error && sameOutputs(node.outputs, component.outputs);
  const equalCell = component.built && component.outputs.length > 0 ? (equal ? 'yes' : 'no') : '-';
  const problem = !component.built
    ? `build: ${component.error}`
    : component.error
      ? `call: ${component.error}`
      : equal
        ? undefined
        : firstDifference(node.outputs, component.outputs);
  if (listedGap) {
    if (!problem)
      return {
        status: 'fail',
        equal: equalCell,
        detail: 'listed in gaps.json but passes now: remove it from gaps.json',
      };
    return { status: 'gap', equal: equalCell, detail: problem };
  }
  return problem ? { status: 'fail', equal: equalCell, detail: problem } : { status: 'pass', equal: equalCell };
}

function sameOutputs(expected, actual) {
  return expected.length === actual.length && expected.every((value, i) => value === actual[i]);
}

function firstDifference(expected, actual) {
  const i = expected.findIndex((value, index) => value !== actual[index]);
  const at = i === -1 ? expected.length : i;
  const show = (value) => (value === undefined ? '(nothing)' : JSON.stringify(value).slice(0, 300));
  return `differs from Node at input ${at + 1}: Node ${show(expected[at])}, component ${show(actual[at])}`;
}

/** gaps.json checked against the corpus: a stale name or engine fails the run too. */
export function checkGaps(gaps, cases, engines) {
  const names = new Set(cases.map((c) => c.name));
  const problems = [];
  for (const [name, gap] of Object.entries(gaps)) {
    if (!names.has(name)) problems.push(`gaps.json lists ${name}, which is not in the corpus`);
    if (!Array.isArray(gap.engines) || gap.engines.length === 0 || typeof gap.why !== 'string')
      problems.push(`gaps.json: ${name} needs "engines" (a list) and "why"`);
    for (const engine of gap.engines ?? [])
      if (!engines.includes(engine)) problems.push(`gaps.json: ${name} names an unknown engine ${engine}`);
  }
  return problems;
}
