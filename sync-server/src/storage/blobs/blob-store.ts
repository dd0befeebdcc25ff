export type BlobKind = 'photo' | 'attachment';

/** Long enough for a slow phone connection to send 10 MB; short enough to be useless if leaked. */
export const uploadUrlSeconds = 15 * 60;
/** Downloads are asked for when shown, so their URLs can be short-lived. */
export const downloadUrlSeconds = 5 * 60;

/** What the device needs to send the bytes itself: PUT `url` with exactly these headers. */
export type PresignedUpload = {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
};

export type BlobHead = { size: number; contentType: string | undefined };

/**
 * Where photo and attachment bytes live. Devices upload and download through short-lived signed
 * URLs, so bytes never pass through a handler that holds a session; the server only looks at
 * the size, the type and the first bytes of what arrived.
 */
export interface BlobStore {
  readonly driver: 'disk' | 's3';
  /**
   * A URL that accepts one PUT of `size` bytes of `contentType` until it expires. Only for a
   * staging key (`uploadKeyOf`): no URL can write an object that is served.
   */
  presignUpload(
    key: string,
    o: { contentType: string; size: number; expiresInSeconds: number },
  ): Promise<PresignedUpload>;
  /**
   * A URL that answers GET with the bytes, `contentType` when given, and `private, no-store`.
   * Only for an object's own key. With `size`, the disk driver refuses to serve an object of
   * another size (S3 cannot be told to; the caller's `head` is the check there).
   */
  presignDownload(
    key: string,
    o: { expiresInSeconds: number; contentType?: string; size?: number },
  ): Promise<string>;
  /** Undefined when there is no such object. */
  head(key: string): Promise<BlobHead | undefined>;
  /**
   * The first `bytes` bytes (fewer if the object is shorter), for magic bytes and EXIF. Ask for
   * at most the size `head` gave: s3rver drops the connection on a range of an empty object.
   */
  readStart(key: string, bytes: number): Promise<Uint8Array>;
  /**
   * Moves the object at `from` (bytes and type) to `to`, replacing what is there: a rename on
   * disk, a copy with the same encryption and then a delete on S3. False when `from` is empty.
   */
  move(from: string, to: string): Promise<boolean>;
  /** Deleting a key that is not there is fine. */
  delete(key: string): Promise<void>;
  /** Every object under `prefix`, page by page behind the scenes, for garbage collection. */
  list(prefix: string): AsyncIterable<{ key: string; size: number; lastModified: Date }>;
}

/** `readStart` of a key with no object: the caller checked `head` first, so this is unexpected. */
export class BlobNotFoundError extends Error {
  constructor() {
    super('There is no object under this key.');
    this.name = 'BlobNotFoundError';
  }
}
