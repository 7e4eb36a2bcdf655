import { access, constants } from 'node:fs/promises';

/** Whether `path` is a file this process may execute (for tool binaries named by flags or env). */
export function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}
