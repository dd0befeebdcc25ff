import { tick } from 'svelte';

/**
 * Text for a polite live region (`role="status"`). The region empties before each message, so
 * the same sentence twice in a row ("moved to position 2 of 5") is read out both times.
 */
export function createAnnouncer() {
  let message = $state('');
  return {
    get message() {
      return message;
    },
    async say(text: string): Promise<void> {
      message = '';
      await tick();
      message = text;
    },
  };
}
