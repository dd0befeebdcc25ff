import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { isErrorCode } from '../storage/fs-errors.ts';
import { keptSecret } from '../storage/kept-secret.ts';
import { keyBytes } from './envelope.ts';
import { createPhiKeys, masterKeys, type MasterKeys, type PhiKeys } from './phi-keys.ts';

/** The embedded default's master key file, and the one `pnpm keys rotate` moves to. */
export const masterKeyFile = (dataDir: string) => path.join(dataDir, 'master.key');
export const nextMasterKeyFile = (dataDir: string) => path.join(dataDir, 'master.key.next');

/** A key file's 32 bytes (base64url or base64 text, as `keptSecret` writes). */
export function keyFromFile(text: string, file: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64url');
  if (key.length !== keyBytes) throw new Error(`${file} does not hold a 32-byte key.`);
  return key;
}

/** A key file's key, or undefined when there is no such file. */
export async function readKeyFile(file: string): Promise<Buffer | undefined> {
  try {
    return keyFromFile(await readFile(file, 'utf8'), file);
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/**
 * The server's master keys: MASTER_KEY (with MASTER_KEYS_PREVIOUS), or on the embedded default
 * `$DATA_DIR/master.key`, made (0600) on first start. A `master.key.next` that a rotation left
 * behind is accepted too, so a rotation cut short still reads.
 *
 * @example
 * const phi = createPhiKeys(await openMasterKeys(config, log));
 */
export async function openMasterKeys(config: Config, log: Logger): Promise<MasterKeys> {
  const previous = config.phi.previousMasterKeys;
  if (config.phi.masterKey) return masterKeys(config.phi.masterKey, previous);
  // loadConfig refuses DATABASE_URL without MASTER_KEY; this is the embedded database.
  const file = masterKeyFile(config.dataDir);
  const current = keyFromFile(
    await keptSecret(file, log, 'PHI at rest (master.key: back it up, losing it loses the data)'),
    file,
  );
  const next = await readKeyFile(nextMasterKeyFile(config.dataDir));
  return masterKeys(current, [...(next ? [next] : []), ...previous]);
}

/** The data keys of the server's clinics, under its master keys. */
export async function openPhiKeys(config: Config, log: Logger, clock: Clock): Promise<PhiKeys> {
  return createPhiKeys(await openMasterKeys(config, log), clock);
}
