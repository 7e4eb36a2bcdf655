import { applyPatches, enablePatches, produceWithPatches } from 'immer';

enablePatches();

// Produce a new state with patches, check structural sharing, and replay the inverse patches.
export function run(input: string): string {
  const base = { users: [{ name: 'ada', tags: ['x'] }], meta: { count: 1 } };
  const [next, patches, inverse] = produceWithPatches(base, (draft) => {
    draft.users.push({ name: input, tags: [] });
    draft.meta.count += 1;
  });
  const back = applyPatches(next, inverse);
  return JSON.stringify({
    next,
    patches,
    shared: next.users[0] === base.users[0],
    frozen: Object.isFrozen(next),
    back: JSON.stringify(back) === JSON.stringify(base),
  });
}
