import { describe, expect, test } from 'vitest';
import { checkImportPolicy } from '../../src/emit/policy.js';
import { ComponentizeError } from '../../src/errors.js';

/** The POLICY_VIOLATION message for these imports, or undefined when the policy lets them through. */
function violation(imports: string[], allow: string[], deny: string[]): string | undefined {
  try {
    checkImportPolicy(imports, allow, deny);
    return undefined;
  } catch (error) {
    if (!(error instanceof ComponentizeError)) throw error;
    expect(error.code).toBe('POLICY_VIOLATION');
    return error.message;
  }
}

const imports = [
  'wasi:cli/stdout@0.2.12',
  'wasi:http/types@0.2.10',
  'wasi:http/outgoing-handler@0.2.10',
  'local:app/host',
];

describe('import policy (--allow / --deny)', () => {
  test('no patterns: everything is allowed', () => {
    expect(violation(imports, [], [])).toBeUndefined();
  });

  test('a pattern without a version matches every version', () => {
    expect(violation(['wasi:http/types@0.2.10'], [], ['wasi:http/types'])).toContain(
      "wasi:http/types@0.2.10 (denied by --deny 'wasi:http/types')",
    );
  });

  test('* matches anything, across the / too', () => {
    expect(violation(imports, [], ['wasi:http/*'])).toBe(
      "the component imports 2 interfaces the policy forbids: wasi:http/types@0.2.10 (denied by --deny 'wasi:http/*'), wasi:http/outgoing-handler@0.2.10 (denied by --deny 'wasi:http/*')",
    );
    expect(violation(['wasi:http/types@0.2.10'], [], ['wasi:*'])).toBeDefined();
  });

  test('a pattern with a version matches only that version', () => {
    expect(violation(['wasi:http/types@0.2.10'], [], ['wasi:http/types@0.2.3'])).toBeUndefined();
    expect(violation(['wasi:http/types@0.2.10'], [], ['wasi:http/types@0.2.10'])).toBeDefined();
  });

  test('pattern characters other than * are literal: a dot is not "any character"', () => {
    expect(violation(['wasi:cli/stdoutX0.2.12'], [], ['wasi:cli/stdout.0.2.12'])).toBeUndefined();
  });

  test('a pattern must match the whole name, not a part of it', () => {
    expect(violation(['wasi:http/types@0.2.10'], [], ['http'])).toBeUndefined();
    expect(violation(['wasi:http/types@0.2.10'], [], ['wasi:http/type'])).toBeUndefined();
  });

  test('with an allow-list, anything not on it is refused, named once', () => {
    expect(violation(imports, ['wasi:cli/*', 'local:app/host'], [])).toBe(
      'the component imports 2 interfaces the policy forbids: wasi:http/types@0.2.10 (not in --allow), wasi:http/outgoing-handler@0.2.10 (not in --allow)',
    );
  });

  test('deny wins over allow, and one offender is "an interface"', () => {
    expect(violation(['wasi:cli/stdout@0.2.12'], ['wasi:*'], ['wasi:cli/stdout'])).toBe(
      "the component imports an interface the policy forbids: wasi:cli/stdout@0.2.12 (denied by --deny 'wasi:cli/stdout')",
    );
  });

  test('the error says nothing was written and how to get past it', () => {
    try {
      checkImportPolicy(['local:app/host'], [], ['local:*']);
      expect.unreachable('the import is denied');
    } catch (error) {
      expect(error).toBeInstanceOf(ComponentizeError);
      // The stage is the stage runner's to name (withStage), not the policy's.
      expect((error as ComponentizeError).hint).toMatch(/^Nothing was written\./);
    }
  });
});
