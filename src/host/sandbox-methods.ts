/**
 * The descriptor methods of `wasi:filesystem` that the sandbox's wrappers (sandbox-fs.ts for WASI
 * 0.2, sandbox-fs-p3.ts for 0.3) must check: the two versions name them alike.
 */

/** Methods that change the filesystem, in both versions: refused on a read-only grant. */
export const WRITING_METHODS: readonly string[] = [
  'writeViaStream',
  'appendViaStream',
  'setSize',
  'setTimes',
  'createDirectoryAt',
  'setTimesAt',
  'linkAt',
  'removeDirectoryAt',
  'renameAt',
  'symlinkAt',
  'unlinkFileAt',
];

/** Methods whose argument at this index is a path under the descriptor, and whether the last component is followed. */
export const PATH_ARG: Readonly<Record<string, { index: number; follow: 'flags' | 'never' }>> = {
  createDirectoryAt: { index: 0, follow: 'never' },
  statAt: { index: 1, follow: 'flags' },
  setTimesAt: { index: 1, follow: 'flags' },
  linkAt: { index: 1, follow: 'flags' },
  openAt: { index: 1, follow: 'flags' },
  readlinkAt: { index: 0, follow: 'never' },
  removeDirectoryAt: { index: 0, follow: 'never' },
  renameAt: { index: 0, follow: 'never' },
  symlinkAt: { index: 1, follow: 'never' },
  unlinkFileAt: { index: 0, follow: 'never' },
  metadataHashAt: { index: 1, follow: 'flags' },
};

/** Methods that take another descriptor (at this index), which the shim must get unwrapped. */
export const DESCRIPTOR_ARG: Readonly<Record<string, number>> = { linkAt: 2, renameAt: 1, isSameObject: 0 };

/** Whether `open-at`'s open flags (args[2]) or descriptor flags (args[3]) ask for writing. */
export function opensForWriting(args: unknown[]): boolean {
  const open = (args[2] ?? {}) as { create?: boolean; truncate?: boolean };
  const flags = (args[3] ?? {}) as { write?: boolean; mutateDirectory?: boolean };
  return Boolean(open.create || open.truncate || flags.write || flags.mutateDirectory);
}
