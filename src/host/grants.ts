import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { invalidOption } from '../errors.js';

/**
 * What a component may reach on the host, beyond stdio, clocks and random (which every instance
 * gets). Nothing by default: no directory, an empty environment, no outgoing network, as
 * `wasmtime run` without flags. The names follow wasmtime's flags (`--dir`, `--env`,
 * `--env-inherit`) and Deno's `--allow-net`.
 */
export interface Grants {
  /** Host directories the guest sees as preopens. Default: none (`wasi:filesystem/preopens` lists nothing). */
  dirs?: readonly DirGrant[] | undefined;
  /** Environment variables the guest sees, `NAME: value`; an `undefined` value is left out. Default: none. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Every variable of the host's environment (under `env`, which wins). Default false. */
  envInherit?: boolean | undefined;
  /**
   * Outgoing network: `true` any host (wasi:http requests and wasi:sockets), a list only HTTP
   * requests to these hosts (`example.com`, `example.com:8080`, `*.example.com`). Default: none,
   * a request is answered with the wasi:http error code `HTTP-request-denied`.
   */
  net?: boolean | readonly string[] | undefined;
}

export interface DirGrant {
  /** The host directory (resolved against the working directory). */
  host: string;
  /** The path the guest sees it under. Default: `host` as given. */
  guest?: string | undefined;
  /** Whether the guest may create, write, rename or remove in it. Default false: read-only. */
  write?: boolean | undefined;
}

/** `HOST[::GUEST]`, as `wasmtime run --dir`. */
export function parseDirFlag(value: string, write: boolean, flag = write ? '--dir-rw' : '--dir'): DirGrant {
  const at = value.indexOf('::');
  const host = at === -1 ? value : value.slice(0, at);
  const guest = at === -1 ? value : value.slice(at + 2);
  if (!host || !guest)
    throw invalidOption(`Invalid value for ${flag}: "${value}"`, {
      hint: `Use ${flag} HOST_DIR or ${flag} HOST_DIR::GUEST_DIR, e.g. ${flag} ./data::/data`,
    });
  return { host, guest, write };
}

/** `NAME=VALUE`, or `NAME` for the host's value (left out when the host has none), as `wasmtime run --env`. */
export function parseEnvFlags(values: readonly string[]): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    const name = at === -1 ? value : value.slice(0, at);
    if (!name)
      throw invalidOption(`Invalid value for --env: "${value}"`, {
        hint: 'Use --env NAME=VALUE, or --env NAME for the host value.',
      });
    env[name] = at === -1 ? process.env[name] : value.slice(at + 1);
  }
  return env;
}

/** `--allow-net` (true: any host) or `--allow-net=a.com,b.com:8080`. */
export function parseNetFlag(value: string | boolean | undefined): Grants['net'] {
  if (value === undefined || value === false) return false;
  if (value === true) return true;
  const hosts = value
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  if (hosts.length === 0)
    throw invalidOption(`Invalid value for --allow-net: "${value}"`, {
      hint: 'Use --allow-net for any host, or --allow-net=example.com,127.0.0.1:8080 for those.',
    });
  return hosts;
}

/** The granted directories as preopens, each host path absolute and checked to be a directory. */
export function resolveDirs(dirs: readonly DirGrant[] = [], cwd = process.cwd()): Required<DirGrant>[] {
  return dirs.map((dir) => {
    const host = resolve(cwd, dir.host);
    let isDirectory = false;
    try {
      isDirectory = statSync(host).isDirectory();
    } catch {
      // Reported below with the flag to fix.
    }
    if (!isDirectory)
      throw invalidOption(`--dir ${dir.host}: not a directory`, {
        hint: 'A directory grant names a directory that exists on the host.',
      });
    return { host, guest: dir.guest ?? dir.host, write: dir.write ?? false };
  });
}

/** The environment the guest sees: nothing, the granted names, or the host's with those on top. */
export function grantedEnvironment(grants: Grants): [string, string][] {
  const env: Record<string, string> = {};
  if (grants.envInherit)
    for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  for (const [name, value] of Object.entries(grants.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return Object.entries(env);
}

/**
 * Whether an outgoing request to `authority` (`host[:port]`) under `scheme` is granted. A list
 * entry without a port matches every port of that host; `*.example.com` matches its subdomains.
 */
export function netAllows(net: Grants['net'], authority: string | undefined, scheme: string): boolean {
  if (net === true) return true;
  if (!net || !authority) return false;
  const lower = authority.toLowerCase();
  const colon = lower.lastIndexOf(':');
  const host = colon === -1 ? lower : lower.slice(0, colon);
  const port = colon === -1 ? (scheme === 'https' ? '443' : '80') : lower.slice(colon + 1);
  return net.some((entry) => {
    const entryColon = entry.lastIndexOf(':');
    const entryHost = entryColon === -1 ? entry : entry.slice(0, entryColon);
    const entryPort = entryColon === -1 ? undefined : entry.slice(entryColon + 1);
    if (entryPort !== undefined && entryPort !== port) return false;
    return entryHost.startsWith('*.') ? host.endsWith(entryHost.slice(1)) : host === entryHost;
  });
}

/** A one-line summary for logs: what was granted. */
export function describeGrants(grants: Grants): string {
  const parts: string[] = [];
  for (const dir of grants.dirs ?? [])
    parts.push(`dir ${dir.host}::${dir.guest ?? dir.host}${dir.write ? ' (rw)' : ''}`);
  if (grants.envInherit) parts.push('env (all)');
  const names = Object.keys(grants.env ?? {});
  if (names.length) parts.push(`env ${names.join(',')}`);
  if (grants.net === true) parts.push('net (any host)');
  else if (Array.isArray(grants.net) && grants.net.length > 0) parts.push(`net ${grants.net.join(',')}`);
  return parts.length ? parts.join('; ') : 'nothing';
}
