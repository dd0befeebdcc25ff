import { describe, expect, it } from 'vitest';
import { eraseChosen, eraseWarning, unsentSentence, unsentWords } from './sign-out-choice';

describe('eraseChosen', () => {
  it('erases at once when nothing is unsent', () => {
    expect(eraseChosen('choose', { changes: 0, photos: 0 })).toBe('erase');
  });

  it('asks a second time when changes or photos are unsent, and erases only then', () => {
    expect(eraseChosen('choose', { changes: 2, photos: 0 })).toBe('confirm-erase');
    expect(eraseChosen('choose', { changes: 0, photos: 1 })).toBe('confirm-erase');
    expect(eraseChosen('confirm-erase', { changes: 2, photos: 1 })).toBe('erase');
  });
});

describe('unsent wording', () => {
  it('counts changes and photos in words', () => {
    expect(unsentWords({ changes: 2, photos: 1 })).toBe('2 changes and 1 photo');
    expect(unsentWords({ changes: 0, photos: 3 })).toBe('3 photos');
    expect(unsentSentence({ changes: 1, photos: 0 })).toBe(
      '1 change made on this device has not been sent yet.',
    );
    expect(unsentSentence({ changes: 1, photos: 1 })).toBe(
      '1 change and 1 photo made on this device have not been sent yet.',
    );
    expect(eraseWarning({ changes: 1, photos: 0 })).toBe(
      'Erasing deletes 1 change for good. The server does not have it, so no one could get it back.',
    );
    expect(eraseWarning({ changes: 0, photos: 2 })).toBe(
      'Erasing deletes 2 photos for good. The server does not have them, so no one could get them back.',
    );
    expect(unsentSentence({ changes: 0, photos: 0 })).toBe(
      'Everything made on this device has been sent.',
    );
  });
});
