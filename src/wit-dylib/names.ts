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

/** `local:pkg/my-iface@0.1.0` → `myIface`: an exported interface is an object named after it. */
export function interfaceExportName(witName: string): string {
  return camelCase(witName.replace(/@.*$/, '').split('/').at(-1)!);
}
