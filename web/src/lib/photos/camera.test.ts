import { describe, expect, it } from 'vitest';
import { cameraErrorMessage } from './camera';

describe('cameraErrorMessage', () => {
  it('explains a refused permission and offers the other ways in', () => {
    const refused = new DOMException('Permission denied', 'NotAllowedError');
    expect(cameraErrorMessage(refused)).toMatch(/^Camera access was refused\./);
    expect(cameraErrorMessage(refused)).toContain('“Choose”');
  });

  it('says when the device has no camera', () => {
    expect(cameraErrorMessage(new DOMException('none', 'NotFoundError'))).toBe(
      'No camera was found on this device. Use “Choose” to add photos from files.',
    );
  });

  it('says when another app holds the camera', () => {
    expect(cameraErrorMessage(new DOMException('busy', 'NotReadableError'))).toMatch(/busy/);
  });

  it('has a sentence for anything else', () => {
    expect(cameraErrorMessage('odd')).toMatch(/could not be opened/);
  });
});
