import { describe, expect, it } from 'vitest';
import type { CaptureImage } from './capture-store';
import {
  overallLine,
  overflowSentence,
  resumeScreen,
  roomLeft,
  sentBeforeSentence,
  unsentSentence,
  sentSentence,
  sessionCapacity,
  timeLeft,
  uploadStatus,
} from './capture-view';

function image(id: string, fields: Partial<CaptureImage> = {}): CaptureImage {
  return {
    id,
    token: 't',
    thumbnail: new ArrayBuffer(0),
    contentType: 'image/jpeg',
    byteSize: 1000,
    sha256: '0'.repeat(64),
    width: 4,
    height: 3,
    capturedAt: '2025-03-01T10:00:00.000Z',
    bodySite: null,
    laterality: null,
    state: 'review',
    step: 'url',
    bytesSent: 0,
    attempts: 0,
    nextAttemptAt: null,
    error: null,
    ...fields,
  };
}

const now = Date.parse('2025-03-01T10:00:00.000Z');

describe('room in the session', () => {
  it('is the limit less what the server has and what waits here to be sent', () => {
    const session = { imageLimit: 20, uploadedPhotoIds: ['a', 'b'] };
    expect(sessionCapacity(session)).toBe(18);
    const images = [image('a', { state: 'done' }), image('c'), image('d', { state: 'failed' })];
    // "a" is counted once, the refused "d" not at all.
    expect(roomLeft(session, images)).toBe(17);
  });

  it('explains what did not fit', () => {
    expect(overflowSentence(20, 1)).toBe(
      '20 photos is the most for one session: 1 photo was not added.',
    );
    expect(overflowSentence(20, 3)).toBe(
      '20 photos is the most for one session: 3 photos were not added.',
    );
  });
});

describe('where a reload lands', () => {
  it('goes on sending, else back to review, else to the last outcome, else to the camera', () => {
    expect(resumeScreen([image('a', { state: 'done' }), image('b', { state: 'queued' })])).toBe(
      'upload',
    );
    expect(resumeScreen([image('a')])).toBe('review');
    expect(resumeScreen([image('a', { state: 'failed' })])).toBe('done');
    expect(resumeScreen([])).toBe('capture');
  });
});

describe('upload lines', () => {
  it('says what each photo is doing', () => {
    expect(uploadStatus(image('a', { state: 'queued' }), now).text).toBe('Waiting');
    expect(
      uploadStatus(image('a', { state: 'uploading', step: 'put', bytesSent: 450 }), now),
    ).toEqual({ text: 'Sending 45%', percent: 45 });
    expect(uploadStatus(image('a', { state: 'done' }), now)).toEqual({
      text: 'Sent',
      percent: 100,
    });
    expect(
      uploadStatus(
        image('a', { state: 'queued', nextAttemptAt: new Date(now + 7_200).toISOString() }),
        now,
      ).text,
    ).toBe('Retrying in 8 s');
    expect(
      uploadStatus(image('a', { state: 'failed', error: 'This file is not a photo.' }), now).text,
    ).toBe('This file is not a photo.');
  });

  it('sums the batch up', () => {
    const sending = [image('a', { state: 'done' }), image('b', { state: 'queued' })];
    expect(overallLine(sending)).toBe('Sent 1 of 2 photos.');
    expect(overallLine([...sending, image('c', { state: 'failed' })])).toBe(
      'Sent 1 of 3 photos; 1 could not be sent.',
    );
    expect(overallLine([image('a', { state: 'done' }), image('b', { state: 'done' })])).toBe(
      'Sent all 2 photos.',
    );
  });
});

describe('sentences', () => {
  it('counts what reached the computer', () => {
    expect(sentSentence(3)).toBe('3 photos sent. They are on the computer now.');
    expect(sentSentence(1)).toBe('1 photo sent. It is on the computer now.');
    const ended = 'This capture session was ended on the computer.';
    expect(sentBeforeSentence(ended, 0)).toBe('Nothing was sent from this phone.');
    expect(sentBeforeSentence(ended, 2)).toBe(
      '2 photos were sent before this and are on the computer.',
    );
    const otherClinic = 'This code belongs to another clinic … Nothing was sent.';
    expect(sentBeforeSentence(otherClinic, 0)).toBeNull();
  });

  it('says how long the session has left', () => {
    const at = (minutes: number) => new Date(now + minutes * 60_000 + 1_000).toISOString();
    expect(timeLeft(at(119), now)).toBe('1 h 59 min left');
    expect(timeLeft(at(60), now)).toBe('1 h left');
    expect(timeLeft(at(9), now)).toBe('9 min left');
    expect(timeLeft(at(0), now)).toBe('Less than a minute left');
    expect(timeLeft(at(-1), now)).toBe('Time is up');
  });
});

describe('unsent photos', () => {
  it('says how many photos stayed on the phone, and nothing when none did', () => {
    expect(unsentSentence(0)).toBeNull();
    expect(unsentSentence(1)).toBe('1 photo on this phone was not sent.');
    expect(unsentSentence(4)).toBe('4 photos on this phone were not sent.');
  });
});
