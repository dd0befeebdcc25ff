import { describe, expect, it } from 'vitest';
import { captureLayout } from './capture-layout';

const phone = { touch: true, narrow: true, camera: true };
const tablet = { touch: true, narrow: false, camera: true };
const desktop = { touch: false, narrow: false, camera: false };
const everything = { pdf: true, phone: true };

describe('captureLayout', () => {
  it('a phone shows Take photo and Choose, and never offers to capture with a phone', () => {
    expect(captureLayout(phone, everything)).toEqual({
      shown: ['take', 'choose'],
      more: ['camera', 'pdf'],
    });
  });

  it('a tablet keeps Capture with phone under More', () => {
    expect(captureLayout(tablet, everything).more).toContain('phone');
  });

  it('a desktop without a camera shows Choose and Capture with phone, PDF under More', () => {
    expect(captureLayout(desktop, everything)).toEqual({
      shown: ['choose', 'phone'],
      more: ['pdf'],
    });
  });

  it('a desktop with a webcam shows it', () => {
    expect(captureLayout({ ...desktop, camera: true }, { pdf: false, phone: false })).toEqual({
      shown: ['choose', 'camera'],
      more: [],
    });
  });
});
