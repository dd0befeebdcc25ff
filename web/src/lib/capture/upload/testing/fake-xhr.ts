/** What a fake storage answers a PUT: an HTTP status, or no answer at all. */
export type PutReply = number | 'network-error';

/**
 * A stand-in for the browser's XMLHttpRequest as `putBytes` uses it (Node has none): `send`
 * hands the URL and body to `put`, which reports upload progress and answers a status.
 */
export function fakeXhrClass(
  put: (url: string, body: ArrayBuffer, progress: (loaded: number) => void) => Promise<PutReply>,
) {
  return class FakeXMLHttpRequest {
    status = 0;
    upload: { onprogress: ((event: { loaded: number }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    ontimeout: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private url = '';
    private aborted = false;
    open(_method: string, url: string) {
      this.url = url;
    }
    setRequestHeader() {}
    abort() {
      this.aborted = true;
      this.onabort?.();
    }
    send(body: ArrayBuffer) {
      void put(this.url, body, (loaded) => this.upload.onprogress?.({ loaded })).then((reply) => {
        if (this.aborted) return;
        if (reply === 'network-error') return this.onerror?.();
        this.status = reply;
        this.onload?.();
      });
    }
  };
}
