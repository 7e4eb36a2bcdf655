import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { componentizeSpec, localPackage } from '../../src/init/componentize-spec.js';

const base = mkdtempSync(join(tmpdir(), 'componentize-spec-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const published = { version: '0.1.0', private: false };
const unpublished = { version: '0.1.0', private: true };
/** A package root inside a node_modules without a lockfile: not a clone, no tarball to find. */
const installed = join(base, 'app', 'node_modules', 'componentize');

describe('the componentize spec init writes', () => {
  test('a relative path given is a file: spec naming the same file from the new project', () => {
    const cwd = join(base, 'work');
    const project = join(cwd, 'apps', 'demo');
    const { spec } = componentizeSpec('../c/componentize-0.1.0.tgz', project, cwd, published, installed);
    expect(spec).toBe('file:../../../c/componentize-0.1.0.tgz');
    expect(resolve(project, spec.slice('file:'.length))).toBe(join(base, 'c', 'componentize-0.1.0.tgz'));
  });

  test('a bare tarball name, a file: spec and an absolute path are paths too', () => {
    const cwd = join(base, 'work');
    const project = join(cwd, 'demo');
    expect(componentizeSpec('componentize-0.1.0.tgz', project, cwd, published, installed).spec).toBe(
      'file:../componentize-0.1.0.tgz',
    );
    expect(componentizeSpec('file:./c', project, cwd, published, installed).spec).toBe('file:../c');
    expect(componentizeSpec('/opt/c.tgz', project, cwd, published, installed).spec).toBe('file:/opt/c.tgz');
  });

  test('versions and git URLs are left as they are', () => {
    for (const given of ['^0.1.0', 'latest', 'github:org/componentize', 'git+https://example.com/c.git'])
      expect(componentizeSpec(given, join(base, 'p'), base, published, installed)).toEqual({
        spec: given,
        from: 'given',
      });
  });

  test('without a spec, an unpublished package warns and names the flag', () => {
    const result = componentizeSpec(undefined, join(base, 'p'), base, unpublished, installed);
    expect(result.spec).toBe('^0.1.0');
    expect(result.warning?.code).toBe('NOT_ON_REGISTRY');
    expect(result.warning?.message).toContain('--componentize-spec');
    expect(componentizeSpec(undefined, join(base, 'p'), base, published, installed).warning).toBeUndefined();
  });

  test('without a spec, a clone this CLI runs from is the spec', () => {
    const clone = join(base, 'clone');
    mkdirSync(clone, { recursive: true });
    writeFileSync(join(clone, 'package.json'), '{}');
    expect(componentizeSpec(undefined, join(base, 'p'), base, unpublished, clone)).toEqual({
      spec: `file:${clone}`,
      from: 'local',
    });
  });

  test('without a spec, the tarball an installation recorded in its lockfile is the spec', () => {
    const app = join(base, 'from-tarball');
    const root = join(app, 'node_modules', 'componentize');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(app, 'componentize-0.1.0.tgz'), '');
    writeFileSync(
      join(app, 'node_modules', '.package-lock.json'),
      JSON.stringify({ packages: { 'node_modules/componentize': { resolved: 'file:componentize-0.1.0.tgz' } } }),
    );
    expect(localPackage(root)).toBe(join(app, 'componentize-0.1.0.tgz'));
    expect(localPackage(installed)).toBeUndefined();
  });
});
