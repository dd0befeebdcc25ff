/** One way to add photos: the camera app, the gallery, the live camera, a PDF, a phone by QR. */
export type CaptureAction = 'take' | 'choose' | 'camera' | 'pdf' | 'phone';

export type CaptureDevice = {
  /** A coarse pointer (finger): a phone or a tablet, where "Take photo" opens the camera app. */
  touch: boolean;
  /** A phone-sized screen. */
  narrow: boolean;
  /** A camera the page can open (getUserMedia and at least one video input). */
  camera: boolean;
};

/**
 * Which capture buttons a device shows first and which wait under "More". A phone: Take photo,
 * Choose (it is the camera, so no "Capture with phone"). A desktop: Choose, the webcam if it
 * has one, Capture with phone (dropping files is the drop zone's); "Take photo" only opens the
 * file picker there, so it is left out.
 * `captureLayout({touch: false, narrow: false, camera: false}, {pdf: true, phone: true})`
 * → `{shown: ['choose', 'phone'], more: ['pdf']}`.
 */
export function captureLayout(
  device: CaptureDevice,
  offers: { pdf: boolean; phone: boolean },
): { shown: CaptureAction[]; more: CaptureAction[] } {
  const optional = (include: boolean, action: CaptureAction) => (include ? [action] : []);
  if (device.touch) {
    return {
      shown: ['take', 'choose'],
      more: [
        ...optional(device.camera, 'camera'),
        ...optional(offers.pdf, 'pdf'),
        ...optional(offers.phone && !device.narrow, 'phone'),
      ],
    };
  }
  return {
    shown: ['choose', ...optional(device.camera, 'camera'), ...optional(offers.phone, 'phone')],
    more: optional(offers.pdf, 'pdf'),
  };
}

/** The device as the browser describes it now (pointer, width) plus whether a camera was found. */
export function currentCaptureDevice(camera: boolean): CaptureDevice {
  const matches = (query: string) => typeof matchMedia !== 'undefined' && matchMedia(query).matches;
  return {
    touch: matches('(pointer: coarse)'),
    narrow: matches('(max-width: 47.99rem)'),
    camera,
  };
}
