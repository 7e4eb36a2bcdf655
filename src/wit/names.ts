/** How WIT names become JavaScript names; both engines (and jco) follow these rules. */

/** `do-thing` → `doThing` */
export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `counter` → `Counter`: resources are classes. */
export function pascalCase(name: string): string {
  const camel = camelCase(name);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** `local:pkg/my-iface@0.1.0` → `my-iface`: how the user's WIT spells the interface. */
export function interfaceWitName(qualified: string): string {
  return qualified.replace(/@.*$/, '').split('/').at(-1)!;
}

/** `local:pkg/my-iface@0.1.0` → `myIface`: an exported interface is an object named after it. */
export function interfaceExportName(witName: string): string {
  return camelCase(interfaceWitName(witName));
}

/** The name the bundle must export a world item under: a function's, or its interface object's. */
export function exportJsName(item: { kind: 'function' | 'interface'; name: string }): string {
  return item.kind === 'function' ? camelCase(item.name) : interfaceExportName(item.name);
}
