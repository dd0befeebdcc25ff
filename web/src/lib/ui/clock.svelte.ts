import { createSubscriber } from 'svelte/reactivity';

const TICK_MS = 30_000;

const subscribe = createSubscriber((update) => {
  const timer = setInterval(update, TICK_MS);
  return () => clearInterval(timer);
});

/**
 * "Now" for relative times. Reading `clock.now` inside a template or effect re-runs it every
 * 30 s while anything is showing a relative time, and costs nothing when nothing is.
 */
export const clock = {
  get now(): number {
    subscribe();
    return Date.now();
  },
};
