/**
 * The live camera: which cameras there are, a stream from one of them, a still frame as a JPEG
 * file, and plain sentences for why the camera cannot open.
 */

/** The back camera first where the device has one. */
export async function openCamera(deviceId: string | null): Promise<MediaStream> {
  const video: MediaTrackConstraints = deviceId
    ? { deviceId: { exact: deviceId } }
    : { facingMode: { ideal: 'environment' } };
  return navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { ...video, width: { ideal: 2560 }, height: { ideal: 1920 } },
  });
}

export async function listCameras(): Promise<MediaDeviceInfo[]> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((device) => device.kind === 'videoinput');
}

export function stopCamera(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

export function cameraSupported(): boolean {
  return typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
}

/** What the video shows now, as a full-size JPEG (compressed later like any other photo). */
export async function captureFrame(video: HTMLVideoElement, takenAt: Date): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw the camera picture.');
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) =>
    canvas.toBlob(resolve, 'image/jpeg', 0.92),
  );
  if (!blob) throw new Error('This browser cannot save the camera picture.');
  const stamp = takenAt.toISOString().replaceAll(/[:.]/g, '-');
  return new File([blob], `camera-${stamp}.jpg`, {
    type: 'image/jpeg',
    lastModified: takenAt.getTime(),
  });
}

/** Why the camera did not open, as the user can act on it. */
export function cameraErrorMessage(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera access was refused. Allow the camera for this site in the browser settings, or use “Take photo” or “Choose” instead.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found on this device. Use “Choose” to add photos from files.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera is busy in another app or tab. Close it there and try again.';
    default:
      return 'The camera could not be opened. Use “Take photo” or “Choose” instead.';
  }
}
