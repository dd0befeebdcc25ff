/**
 * What the photo screens say about a photo: its alt text and caption, laterality names, sizes,
 * and the common body sites offered when describing one. Pure, so it is tested on its own.
 */
import type { Laterality, Photo } from '@bedside/shared';
import { formatDateTime } from '$lib/ui/relative-time';

export const lateralityLabels: Record<Laterality, string> = {
  left: 'Left',
  right: 'Right',
  bilateral: 'Bilateral',
  'not-applicable': 'Not applicable',
};

/** Offered as suggestions; any other site can be typed. */
export const commonBodySites = [
  'Head',
  'Face',
  'Neck',
  'Chest',
  'Abdomen',
  'Back',
  'Sacrum',
  'Buttock',
  'Shoulder',
  'Upper arm',
  'Elbow',
  'Forearm',
  'Wrist',
  'Hand',
  'Finger',
  'Hip',
  'Thigh',
  'Knee',
  'Lower leg',
  'Ankle',
  'Heel',
  'Foot',
  'Toe',
] as const;

type Described = Pick<Photo, 'bodySite' | 'laterality' | 'description' | 'capturedAt'>;

/** A body site that already says its side ("left anterior shin", "Both heels", "R knee"). */
const namesASide = /\b(left|right|bilateral|both|l|r|lt|rt)\b/i;

/**
 * The one place a photo's site and side become words: "Left knee", "Heel, both sides",
 * "Sacrum"; null when no site was given. A site that already names its side is not given
 * another ("left anterior shin" → "Left anterior shin", never "Left left anterior shin").
 */
export function siteLabel(photo: Pick<Photo, 'bodySite' | 'laterality'>): string | null {
  const site = photo.bodySite?.trim();
  if (!site) return null;
  const side = photo.laterality;
  if (namesASide.test(site)) return capitalise(site);
  if (side === 'left' || side === 'right') return `${lateralityLabels[side]} ${site.toLowerCase()}`;
  if (side === 'bilateral') return `${capitalise(site)}, both sides`;
  return capitalise(site);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Alt text: what the clinician wrote about the photo, or when it was taken. */
export function photoAlt(photo: Described): string {
  const parts = [siteLabel(photo), photo.description?.trim() || null].filter(Boolean);
  if (parts.length > 0) return parts.join(': ');
  return `Photo taken ${formatDateTime(photo.capturedAt)}`;
}

/** "1.2 MB", "640 KB", "512 bytes" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** "2560 × 1920 pixels", or null when the size is not known (attachments). */
export function formatPixels(photo: Pick<Photo, 'width' | 'height'>): string | null {
  return photo.width && photo.height ? `${photo.width} × ${photo.height} pixels` : null;
}

/** Whole percent of `part` in `total`, 0 when there is no total. */
export function percentOf(part: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round((part / total) * 100)));
}

/** Two photos show "the same site" when their sites match, ignoring case and spaces. */
export function sameSite(a: Pick<Photo, 'bodySite'>, b: Pick<Photo, 'bodySite'>): boolean {
  const site = (photo: Pick<Photo, 'bodySite'>) => photo.bodySite?.trim().toLowerCase() ?? '';
  return site(a) !== '' && site(a) === site(b);
}

/** "Taken 12 days apart": days are what clinicians count between two wound photos. */
export function daysApart(a: string, b: string): string {
  const days = Math.round(Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000);
  if (days === 0) return 'Taken the same day';
  return `Taken ${days.toLocaleString('en')} ${days === 1 ? 'day' : 'days'} apart`;
}

/** What a photo's upload looks like to the user; `percent` while bytes are on their way. */
export type UploadView =
  | { kind: 'uploaded'; text: string }
  | { kind: 'waiting'; text: string }
  | { kind: 'uploading'; text: string; percent: number }
  | { kind: 'failed'; text: string; reason: string }
  | { kind: 'elsewhere'; text: string };

type UploadFacts = {
  photo: Pick<Photo, 'uploadedAt'>;
  upload:
    | {
        state: 'queued' | 'uploading' | 'done' | 'failed';
        bytesSent: number;
        bytesTotal: number;
        error: string | null;
      }
    | undefined;
  syncState: 'synced' | 'pending' | 'rejected';
  hasBytes: boolean;
};

export function uploadView(item: UploadFacts): UploadView {
  const { photo, upload } = item;
  if (photo.uploadedAt || upload?.state === 'done') return { kind: 'uploaded', text: 'Uploaded' };
  if (upload?.state === 'failed') {
    const reason = upload.error ?? 'The upload did not finish.';
    return { kind: 'failed', text: `Upload failed: ${reason}`, reason };
  }
  if (item.syncState === 'rejected')
    return {
      kind: 'failed',
      text: 'The server did not accept this photo: see “needs attention”.',
      reason: 'The server did not accept this photo.',
    };
  if (upload?.state === 'uploading') {
    const percent = percentOf(upload.bytesSent, upload.bytesTotal);
    return { kind: 'uploading', text: `Uploading, ${percent} %`, percent };
  }
  if (!upload && !item.hasBytes)
    return { kind: 'elsewhere', text: 'Not uploaded yet from the device that took it' };
  return { kind: 'waiting', text: 'Waiting to upload' };
}
