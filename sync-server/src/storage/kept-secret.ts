import { randomBytes } from 'node:crypto';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import type { Logger } from '../log.ts';
import { isErrorCode } from './fs-errors.ts';

/**
 * A secret made once in `file` (mode 0600) and read back after, so what it signed stays valid
 * across restarts; several instances sharing the data directory read the same one.
 *
 * @example
 * const secret = await keptSecret(path.join(dataDir, 'mail-secret'), log, 'unsubscribe links');
 */
export async function keptSecret(file: string, log: Logger, purpose: string): Promise<string> {
  try {
    await writeFile(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    log.info(`made a new signing secret for ${purpose} in the data directory`);
  } catch (error) {
    // Another instance, or an earlier start, made it first.
    if (!isErrorCode(error, 'EEXIST')) throw error;
  }
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  const secret = (await readFile(file, 'utf8')).trim();
  if (secret.length < 32) throw new Error(`The signing secret in ${file} is too short.`);
  return secret;
}
