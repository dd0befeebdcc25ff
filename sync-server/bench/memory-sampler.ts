/**
 * Samples `process.memoryUsage()` every `everyMs` until stopped, for the peak of a bench's run;
 * also reads the process's maximum resident set (which only grows) before and after. A sample
 * is taken when the event loop is free, so a long synchronous stretch (PGlite runs its queries
 * on the main thread) can hide a short peak; the max RSS after catches it if it is a new high.
 *
 * @example const memory = sampleMemory(10); await work(); const peak = memory.stop();
 */
export type MemoryPeak = {
  rss: number;
  heapUsed: number;
  startRss: number;
  startHeapUsed: number;
  maxRssBefore: number;
  maxRssAfter: number;
};

export function sampleMemory(everyMs: number): { stop(): MemoryPeak } {
  const start = process.memoryUsage();
  const peak: MemoryPeak = {
    rss: start.rss,
    heapUsed: start.heapUsed,
    startRss: start.rss,
    startHeapUsed: start.heapUsed,
    maxRssBefore: process.resourceUsage().maxRSS * 1024,
    maxRssAfter: 0,
  };
  const sample = () => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      peak.maxRssAfter = process.resourceUsage().maxRSS * 1024;
      return peak;
    },
  };
}
