import { describe, expect, test } from 'vitest';
import { camelCase, exportJsName, interfaceExportName, interfaceWitName, pascalCase } from '../../src/wit/names.js';

describe('WIT names become JavaScript names', () => {
  test('camelCase joins kebab-case words, a digit after a dash included', () => {
    expect(camelCase('do-thing')).toBe('doThing');
    expect(camelCase('get-x-and-y')).toBe('getXAndY');
    expect(camelCase('utf-8')).toBe('utf8');
    expect(camelCase('greet')).toBe('greet');
  });

  test('camelCase leaves a name that is already camelCase alone', () => {
    expect(camelCase('doThing')).toBe('doThing');
  });

  test('pascalCase: resources are classes', () => {
    expect(pascalCase('counter')).toBe('Counter');
    expect(pascalCase('http-request')).toBe('HttpRequest');
  });

  test('interfaceWitName drops the package and the version', () => {
    expect(interfaceWitName('local:pkg/my-iface@0.1.0')).toBe('my-iface');
    expect(interfaceWitName('wasi:cli/stdout@0.2.12')).toBe('stdout');
    expect(interfaceWitName('local:pkg/types')).toBe('types');
    // An interface declared inline in a world has no package part at all.
    expect(interfaceWitName('calc')).toBe('calc');
  });

  test('interfaceExportName is the camelCase WIT name', () => {
    expect(interfaceExportName('local:pkg/my-iface@0.1.0')).toBe('myIface');
  });

  test('exportJsName: a function by its own name, an interface by its object name', () => {
    expect(exportJsName({ kind: 'function', name: 'greet-later' })).toBe('greetLater');
    expect(exportJsName({ kind: 'interface', name: 'local:calc/basic-math@1.0.0' })).toBe('basicMath');
  });
});
