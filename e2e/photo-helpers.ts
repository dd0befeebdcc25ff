import type { Locator, Page } from '@playwright/test';
import { createS3BlobStore } from '../sync-server/src/storage/blobs/s3-blob-store.ts';
import type { Db } from '../sync-server/src/storage/db.ts';
import { openPostgres } from '../sync-server/src/storage/postgres-db.ts';
import { sql } from '../sync-server/src/storage/sql.ts';

/** What e2e/global-setup.ts exposes about the bucket and the database behind the server. */
export function e2eSetting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through playwright.config.ts`);
  return value;
}

export function bucket() {
  const endpoint = e2eSetting('BEDSIDE_E2E_S3_ENDPOINT');
  const store = createS3BlobStore({
    endpoint,
    publicEndpoint: undefined,
    region: e2eSetting('BEDSIDE_E2E_S3_REGION'),
    bucket: e2eSetting('BEDSIDE_E2E_S3_BUCKET'),
    accessKeyId: e2eSetting('BEDSIDE_E2E_S3_ACCESS_KEY_ID'),
    secretAccessKey: e2eSetting('BEDSIDE_E2E_S3_SECRET_ACCESS_KEY'),
    forcePathStyle: true,
  });
  return {
    endpoint,
    async keys(clinicId: string): Promise<string[]> {
      const keys: string[] = [];
      for await (const object of store.list(`clinics/${clinicId}/`)) keys.push(object.key);
      return keys.sort();
    },
  };
}

export type PhotoRow = { id: string; status: string; uploaded: boolean };

export async function photoRows(clinicId: string): Promise<PhotoRow[]> {
  return withServerDb((db) =>
    db.many<PhotoRow>(
      sql`SELECT id, status, uploaded_at IS NOT NULL AS uploaded FROM photos
          WHERE clinic_id = ${clinicId} ORDER BY id`,
    ),
  );
}

/** The sync server's own PostgreSQL, to check what it stored (or to age a row). */
export async function withServerDb<T>(use: (db: Db) => Promise<T>): Promise<T> {
  const db = openPostgres(e2eSetting('BEDSIDE_E2E_DATABASE_URL'), { max: 1 });
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

/** A real JPEG the browser can decode, drawn in the page: a different picture per `seed`. */
export async function generatedJpeg(page: Page, seed: number): Promise<Buffer> {
  const base64 = await page.evaluate(async (seed) => {
    const canvas = new OffscreenCanvas(1600, 1200);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    const gradient = context.createLinearGradient(0, 0, 1600, 1200);
    gradient.addColorStop(0, `hsl(${(seed * 67) % 360} 70% 45%)`);
    gradient.addColorStop(1, `hsl(${(seed * 67 + 120) % 360} 60% 70%)`);
    context.fillStyle = gradient;
    context.fillRect(0, 0, 1600, 1200);
    context.fillStyle = '#fff';
    context.font = '200px sans-serif';
    context.fillText(`Photo ${seed}`, 200, 650);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  }, seed);
  return Buffer.from(base64, 'base64');
}

export async function chooseFiles(page: Page, scope: Locator, jpegs: Buffer[], first: number) {
  const chooser = page.waitForEvent('filechooser');
  await scope.getByRole('button', { name: 'Choose', exact: true }).click();
  await (
    await chooser
  ).setFiles(
    jpegs.map((buffer, index) => ({
      name: `wound-${first + index}.jpg`,
      mimeType: 'image/jpeg',
      buffer,
    })),
  );
}

export async function clinicIdOf(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const me = (await (await fetch('/api/auth/me')).json()) as { clinic: { id: string } };
    return me.clinic.id;
  });
}

export function gallery(page: Page) {
  return page.getByRole('region', { name: 'Photos', exact: true });
}

export function galleryTiles(page: Page) {
  return gallery(page).getByRole('list', { name: 'Photos', exact: true }).getByRole('listitem');
}
