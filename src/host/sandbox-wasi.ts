import { type Grants, grantedEnvironment, netAllows, resolveDirs } from './grants.js';
import { sandboxFilesystem } from './sandbox-fs.js';
import { type P3ShimFilesystem, sandboxP3Filesystem } from './sandbox-fs-p3.js';

/**
 * The WASI packages one instance is given, shaped as the shims' package modules (`cli`,
 * `filesystem`, ... each an object of interfaces), with only what `grants` allows. preview2-shim
 * keeps its preopens (`/`) and environment (a copy of `process.env`) in module state, one per
 * process; its outgoing HTTP reaches any host. None of that state is handed to a guest: every
 * instance gets interface objects of its own, built here, so two instances in one process can
 * hold different grants. What is not granted answers as WASI defines it for a host that grants
 * nothing: no preopens, no variables, `HTTP-request-denied`, sockets `access-denied`.
 */

type Package = Record<string, unknown>;
type Packages = Record<string, Package>;

/** Called when a guest asks for something not granted: what, and the grant that would allow it (for the CLI to print). */
export type OnDenied = (what: string, grant: string) => void;

export interface SandboxOptions {
  grants?: Grants | undefined;
  onDenied?: OnDenied | undefined;
}

interface OutgoingRequest {
  authority(): string | undefined;
  scheme(): { tag: string; val?: string } | undefined;
}

/** preview2-shim's packages (WASI 0.2) for one instance under these grants. */
export async function sandboxedShim(options: SandboxOptions = {}): Promise<Packages> {
  const grants = options.grants ?? {};
  const shim = (await import('@bytecodealliance/preview2-shim')) as unknown as Packages;
  const cli = shim.cli!;
  const environment = grantedEnvironment(grants);
  const http = shim.http!;
  const outgoing = http.outgoingHandler as { handle(request: unknown, options: unknown): unknown };
  const sockets = shim.sockets as Package & { createSockets(config: { enableNetwork: boolean }): Package };
  return {
    ...shim,
    cli: {
      ...cli,
      environment: {
        getEnvironment: () => environment,
        // The host's argv and working directory are host data: the guest gets neither.
        getArguments: () => [],
        initialCwd: () => undefined,
      },
    },
    filesystem: sandboxFilesystem(
      shim.filesystem as unknown as Parameters<typeof sandboxFilesystem>[0],
      resolveDirs(grants.dirs),
    ),
    http: {
      ...http,
      outgoingHandler: {
        handle(request: OutgoingRequest, requestOptions: unknown) {
          const scheme = schemeOf(request.scheme());
          const authority = request.authority();
          if (!netAllows(grants.net, authority, scheme)) {
            options.onDenied?.(`an outgoing request to ${scheme}://${authority ?? ''}`, netHint(authority));
            // The spec's code for a request the host refuses; jco's bindings return it as the `err`.
            throw { tag: 'HTTP-request-denied' };
          }
          return outgoing.handle(request, requestOptions);
        },
      },
    },
    // Sockets reach any address, so only `net: true` grants them (a host list is for HTTP).
    sockets: grants.net === true ? sockets : sockets.createSockets({ enableNetwork: false }),
  };
}

/** preview3-shim's packages (WASI 0.3) for one instance: the directories, the environment and outgoing HTTP as granted. */
export async function sandboxedP3Shim(pkg: string, module: Package, options: SandboxOptions = {}): Promise<Package> {
  const grants = options.grants ?? {};
  if (pkg === 'cli') {
    const environment = grantedEnvironment(grants);
    return {
      ...module,
      environment: { getEnvironment: () => environment, getArguments: () => [], getInitialCwd: () => undefined },
    };
  }
  if (pkg === 'filesystem') return sandboxP3Filesystem(module as P3ShimFilesystem & Package, resolveDirs(grants.dirs));
  if (pkg === 'http') {
    const client = module.client as { send(request: P3Request): Promise<unknown> };
    const HttpError = module.HttpError as new (code: string, message: string) => Error & { payload: unknown };
    return {
      ...module,
      client: {
        async send(request: P3Request) {
          const scheme = schemeOf(request.getScheme());
          const authority = request.getAuthority();
          if (!netAllows(grants.net, authority, scheme)) {
            options.onDenied?.(`an outgoing request to ${scheme}://${authority ?? ''}`, netHint(authority));
            const error = new HttpError('HTTP-request-denied', 'outgoing requests are not granted');
            request._resolve?.({ tag: 'err', val: error.payload });
            throw error;
          }
          return client.send(request);
        },
      },
    };
  }
  return module;
}

interface P3Request {
  getScheme(): { tag: string; val?: string } | undefined;
  getAuthority(): string | undefined;
  _resolve?(value: unknown): void;
}

function schemeOf(scheme: { tag: string; val?: string } | undefined): string {
  if (!scheme) return 'http';
  return scheme.tag === 'other' ? String(scheme.val).toLowerCase() : scheme.tag.toLowerCase();
}

function netHint(authority: string | undefined): string {
  return authority ? `--allow-net=${authority.toLowerCase()}` : '--allow-net';
}
