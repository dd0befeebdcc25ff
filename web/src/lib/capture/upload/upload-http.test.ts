import { afterEach, describe, expect, it, vi } from 'vitest';
import { NetworkError } from '$lib/api/client';
import { fakeXhrClass } from './testing/fake-xhr';
import { putBytes } from './upload-http';

describe('putBytes', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the bytes and resolves on a 2xx answer', async () => {
    const put = vi.fn(async () => 200);
    vi.stubGlobal('XMLHttpRequest', fakeXhrClass(put));
    await putBytes('https://bucket/key', {}, new ArrayBuffer(3), () => {});
    expect(put).toHaveBeenCalledOnce();
  });

  it('sends nothing while the browser is offline, and fails as a network error', async () => {
    const put = vi.fn(async () => 200);
    vi.stubGlobal('XMLHttpRequest', fakeXhrClass(put));
    vi.stubGlobal('navigator', { onLine: false });
    await expect(
      putBytes('https://bucket/key', {}, new ArrayBuffer(3), () => {}),
    ).rejects.toBeInstanceOf(NetworkError);
    expect(put).not.toHaveBeenCalled();
  });
});
