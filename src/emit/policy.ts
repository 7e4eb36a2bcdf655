import { policyViolation } from '../errors.js';
import { escapeRegExp } from '../js/escape-regexp.js';

/**
 * `--allow` / `--deny`: patterns over import names, `*` matching anything. A pattern without a
 * version matches every version (`wasi:http/*` matches `wasi:http/types@0.2.10`).
 */
function matches(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return re.test(name) || re.test(name.replace(/@[^/]*$/, ''));
}

/** Fails when the component imports something denied, or not allowed when an allow-list is given. */
export function checkImportPolicy(imports: readonly string[], allow: readonly string[], deny: readonly string[]): void {
  const offending = imports.flatMap((name) => {
    const denied = deny.find((p) => matches(p, name));
    if (denied) return [`${name} (denied by --deny '${denied}')`];
    if (allow.length && !allow.some((p) => matches(p, name))) return [`${name} (not in --allow)`];
    return [];
  });
  if (!offending.length) return;
  throw policyViolation(
    `the component imports ${offending.length === 1 ? 'an interface' : `${offending.length} interfaces`} the policy forbids: ${offending.join(', ')}`,
    {
      hint: 'Nothing was written. Remove the code that needs them, leave them out with --disable, or change the policy.',
    },
  );
}
