import { afterEach, describe, expect, it } from 'vitest';
import { onSyncMessage, postSyncMessage, type SyncMessage } from './local-write';

/** Long enough for a BroadcastChannel message to arrive, had one been sent to this tab. */
const channelDelivery = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('sync messages', () => {
  const stops: (() => void)[] = [];
  afterEach(() => stops.splice(0).forEach((stop) => stop()));

  function listen(): SyncMessage[] {
    const heard: SyncMessage[] = [];
    stops.push(onSyncMessage((message) => heard.push(message)));
    return heard;
  }

  it('reaches a listener in the same tab once, without waiting for the channel', async () => {
    const heard = listen();

    postSyncMessage({ type: 'outbox-changed' });
    await Promise.resolve();

    expect(heard).toEqual([{ type: 'outbox-changed' }]);
    await channelDelivery();
    expect(heard).toHaveLength(1);
  });

  it('reaches a listener through the channel when another tab sends it', async () => {
    const heard = listen();
    const otherTab = new BroadcastChannel('bedside-sync');

    otherTab.postMessage({ fromTab: 'another tab', message: { type: 'sync-now' } });
    await channelDelivery();
    otherTab.close();

    expect(heard).toEqual([{ type: 'sync-now' }]);
  });

  it('stops reaching a listener once it stops listening', async () => {
    const heard = listen();
    stops.pop()?.();

    postSyncMessage({ type: 'sync-now' });
    await channelDelivery();

    expect(heard).toEqual([]);
  });
});
