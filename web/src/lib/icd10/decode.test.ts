import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildIcd10Index } from './icd10-index';
import { icd10Attribution, icd10Description } from './decode';
import {
  attributionFile,
  committedIndexFile,
  readCommittedIndex,
  repoRoot,
  sourceCodesFile,
  sourceCodesSha256,
  sourceDir,
  sourceIsHere,
} from './testing/committed-index';

const text = readCommittedIndex();
const index = buildIcd10Index(text);
const descriptionOf = (code: string) => icd10Description(index, index.codes.indexOf(code));

/** The decoded index written out in the layout of CDC's codes file (code padded to 8, CRLF). */
function asCodesFile(): string {
  return index.codes
    .map((code, entry) => `${code.padEnd(8)}${icd10Description(index, entry)}\r\n`)
    .join('');
}

const sha256 = (content: string) => createHash('sha256').update(content, 'latin1').digest('hex');

describe('the committed ICD-10-CM index', () => {
  it('holds every billable FY2026 code once', () => {
    expect(index.fiscalYear).toBe('FY2026');
    expect(index.codes).toHaveLength(74_719);
    expect(new Set(index.codes).size).toBe(74_719);
    expect(index.codes.every((code) => /^[A-Z][0-9A-Z]{2,6}$/.test(code))).toBe(true);
  });

  it('is small enough to ship to phones', () => {
    expect(text.length).toBeLessThan(2_500_000);
  });

  it('decodes the descriptions of the README spot checks', () => {
    expect(descriptionOf('A000')).toBe('Cholera due to Vibrio cholerae 01, biovar cholerae');
    expect(descriptionOf('E119')).toBe('Type 2 diabetes mellitus without complications');
    expect(descriptionOf('I10')).toBe('Essential (primary) hypertension');
    expect(descriptionOf('J45909')).toBe('Unspecified asthma, uncomplicated');
    expect(descriptionOf('S72001A')).toBe(
      'Fracture of unspecified part of neck of right femur, initial encounter for closed fracture',
    );
    expect(descriptionOf('Z23')).toBe('Encounter for immunization');
    expect(descriptionOf('U071')).toBe('COVID-19');
    // QA00 is a header of the FY2026 QA family; QA00101 is one of its billable codes.
    expect(descriptionOf('QA00101')).toBe('SCN2A-related neurodevelopmental disorder');
  });

  it('leaves out the non-billable headers', () => {
    for (const header of ['A00', 'E11', 'S72001', 'QA00'])
      expect(index.codes).not.toContain(header);
  });

  it('decodes back to the CDC/NCHS codes file byte for byte (its published sha256)', () => {
    expect(sha256(asCodesFile())).toBe(sourceCodesSha256);
  });

  it('carries the attribution CDC asks for, in the file header and beside the file', () => {
    expect(icd10Attribution).toBe(
      'ICD-10-CM FY2026 code files. Source: CDC/NCHS. ' +
        'Use of this material does not imply endorsement by CDC or HHS.',
    );
    expect(text.slice(0, text.indexOf('\n')).endsWith(`\t${icd10Attribution}`)).toBe(true);
    expect(readFileSync(attributionFile, 'utf8').split('\n')[0]).toBe(icd10Attribution);
  });

  it('refuses a file it cannot read whole', () => {
    const lines = text.split('\n');
    expect(() => buildIcd10Index(lines.slice(0, -2).join('\n'))).toThrow(/header says 74719/);
    const nextVersion = text.replace('bedside-icd10cm\t1\t', 'bedside-icd10cm\t2\t');
    expect(() => buildIcd10Index(nextVersion)).toThrow(/version 1/);
    expect(() => buildIcd10Index('<!doctype html><html></html>')).toThrow();
    const corrupt = [...lines.slice(0, -2), `${lines.at(-2)}~`, ''].join('\n');
    expect(() => buildIcd10Index(corrupt)).toThrow(/bad line/);
  });
});

describe('the committed index against the CDC/NCHS source on this machine', () => {
  it('gives back every code and description of the source, in order', () => {
    if (!sourceIsHere()) {
      // CI clones only the repo: the published checksum ties the committed index to the release.
      expect(sha256(asCodesFile()), `no ${sourceCodesFile}; checked the checksum`).toBe(
        sourceCodesSha256,
      );
      return;
    }
    const source = gunzipSync(readFileSync(sourceCodesFile)).toString('latin1');
    expect(asCodesFile().split('\r\n')).toEqual(source.split('\r\n'));
  });

  it('is what the build script writes today, byte for byte', () => {
    if (!sourceIsHere()) {
      // Without the source the script cannot run; the committed file is the one the app ships.
      expect(text.startsWith('bedside-icd10cm\t1\tFY2026\t74719\t'), committedIndexFile).toBe(true);
      return;
    }
    const outputDir = mkdtempSync(path.join(tmpdir(), 'icd10-index-'));
    try {
      const script = path.join(repoRoot, 'scripts', 'build-icd10-index.mjs');
      execFileSync(process.execPath, [script, sourceDir, outputDir], { stdio: 'pipe' });
      const rebuilt = readFileSync(path.join(outputDir, path.basename(committedIndexFile)), 'utf8');
      expect(rebuilt === text, 'run node scripts/build-icd10-index.mjs and commit').toBe(true);
      const attribution = readFileSync(path.join(outputDir, 'ATTRIBUTION.txt'), 'utf8');
      expect(attribution).toBe(readFileSync(attributionFile, 'utf8'));
    } finally {
      rmSync(outputDir, { recursive: true, force: true });
    }
  });
});
