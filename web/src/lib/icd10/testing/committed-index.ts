// For tests only (node): the index and attribution files as committed, read from disk.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ICD10_INDEX_URL } from '../decode';

export const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
/** Repo-root static/, which SvelteKit serves (kit.files.assets). */
export const staticDir = path.join(repoRoot, 'static');
export const committedIndexFile = path.join(staticDir, ICD10_INDEX_URL);
export const attributionFile = path.join(staticDir, 'icd10cm', 'ATTRIBUTION.txt');

/** The CDC/NCHS source the index is built from; CI has only the repo, not this folder. */
export const sourceDir = path.resolve(repoRoot, '../shared/data/icd10cm');
export const sourceCodesFile = path.join(sourceDir, 'icd10cm-codes-2026.txt.gz');
/** The sha256 of the decompressed codes file, as published with the source (its README). */
export const sourceCodesSha256 = 'a7e2a77e4627ed55c8afe2b8a7ae22efcbab6b6b162d96cf145213772c1246ba';

export function readCommittedIndex(): string {
  return readFileSync(committedIndexFile, 'utf8');
}

export function sourceIsHere(): boolean {
  return existsSync(sourceCodesFile);
}
