/**
 * What the phone's screens say, worked out from the session and the stored photos. Pure, so
 * each sentence is tested on its own.
 */
import type { CaptureSessionForPhone } from '@bedside/shared';
import { countOf } from '$lib/ui/plural';
import { lateralityLabels } from '$lib/photos/photo-labels';
import type { CaptureImage } from './capture-store';

export type CaptureScreen =
  'loading' | 'capture' | 'review' | 'describe' | 'upload' | 'done' | 'problem';

type Limits = Pick<CaptureSessionForPhone, 'imageLimit' | 'uploadedPhotoIds'>;

/** On the phone, "bilateral" is spelled out for whoever is holding it. */
export const phoneLateralityLabels = {
  ...lateralityLabels,
  bilateral: 'Both sides (bilateral)',
} satisfies typeof lateralityLabels;

/** Photos of this batch: added here and not refused, whether sent yet or not. */
export function batchPhotos(images: readonly CaptureImage[]): CaptureImage[] {
  return images.filter((image) => image.state !== 'failed');
}

/** Photos still to send in this session: the limit less what the server already has ("of 20"). */
export function sessionCapacity(session: Limits): number {
  return Math.max(0, session.imageLimit - session.uploadedPhotoIds.length);
}

/** How many more photos may be added now: the capacity less this batch's unsent photos. */
export function roomLeft(session: Limits, images: readonly CaptureImage[]): number {
  const onServer = new Set(session.uploadedPhotoIds);
  const unsent = batchPhotos(images).filter((image) => !onServer.has(image.id)).length;
  return Math.max(0, sessionCapacity(session) - unsent);
}

/** "20 photos is the most for one session: 1 photo was not added." */
export function overflowSentence(limit: number, notAdded: number): string {
  const verb = notAdded === 1 ? 'was' : 'were';
  return `${limit} photos is the most for one session: ${countOf(notAdded, 'photo')} ${verb} not added.`;
}

/** Where a reload lands: sending goes on, a batch under review stays, else the last outcome. */
export function resumeScreen(images: readonly CaptureImage[]): CaptureScreen {
  const states = new Set(images.map((image) => image.state));
  if (states.has('queued') || states.has('uploading')) return 'upload';
  if (states.has('review')) return 'review';
  if (states.has('done') || states.has('failed')) return 'done';
  return 'capture';
}

/** One photo's line on the upload screen, and how full its bar is. */
export function uploadStatus(image: CaptureImage, now: number): { text: string; percent: number } {
  const percent =
    image.byteSize > 0 ? Math.min(100, Math.round((image.bytesSent / image.byteSize) * 100)) : 0;
  switch (image.state) {
    case 'done':
      return { text: 'Sent', percent: 100 };
    case 'failed':
      return { text: image.error ?? 'This photo could not be sent.', percent };
    case 'uploading':
      return { text: `Sending ${image.step === 'complete' ? 100 : percent}%`, percent };
    default: {
      const wait = image.nextAttemptAt ? Date.parse(image.nextAttemptAt) - now : 0;
      if (wait > 0) return { text: `Retrying in ${Math.ceil(wait / 1000)} s`, percent };
      return { text: image.state === 'review' ? 'Not sent' : 'Waiting', percent };
    }
  }
}

/** "Sent 2 of 3 photos." while sending; "Sent all 3 photos." once they are. */
export function overallLine(images: readonly CaptureImage[]): string {
  const sent = images.filter((image) => image.state === 'done').length;
  const failed = images.filter((image) => image.state === 'failed').length;
  const total = images.length;
  if (sent === total) return total === 1 ? 'Sent the photo.' : `Sent all ${total} photos.`;
  const line = `Sent ${sent} of ${countOf(total, 'photo')}`;
  return failed > 0 ? `${line}; ${failed} could not be sent.` : `${line}.`;
}

/** "3 photos sent. They are on the computer now." */
export function sentSentence(count: number): string {
  if (count === 1) return '1 photo sent. It is on the computer now.';
  return `${countOf(count, 'photo')} sent. They are on the computer now.`;
}

/**
 * What the problem screen adds under the reason: whether anything went through before it;
 * null when the reason already says nothing was sent (another clinic's code).
 */
export function sentBeforeSentence(reason: string, sentCount: number): string | null {
  if (sentCount === 0)
    return reason.includes('Nothing was sent') ? null : 'Nothing was sent from this phone.';
  if (sentCount === 1) return '1 photo was sent before this and is on the computer.';
  return `${countOf(sentCount, 'photo')} were sent before this and are on the computer.`;
}

/** Photos still on the phone when the session can take no more: the clinician must know. */
export function unsentSentence(count: number): string | null {
  if (count === 0) return null;
  if (count === 1) return '1 photo on this phone was not sent.';
  return `${countOf(count, 'photo')} on this phone were not sent.`;
}

/** "1 h 52 min left", "9 min left", "Less than a minute left". */
export function timeLeft(expiresAt: string, now: number): string {
  const minutes = Math.floor((Date.parse(expiresAt) - now) / 60_000);
  if (Number.isNaN(minutes) || minutes < 0) return 'Time is up';
  if (minutes === 0) return 'Less than a minute left';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min left`;
  return rest === 0 ? `${hours} h left` : `${hours} h ${rest} min left`;
}
