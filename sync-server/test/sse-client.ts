/** Reads server-sent events from a fetch response, one at a time. Comments are skipped. */
export function sseReader(response: Response) {
  if (!response.body) throw new Error('no body');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';

  async function next(): Promise<{ event: string; data: string } | undefined> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n').filter((line) => !line.startsWith(':'));
        if (lines.length === 0) continue;
        const field = (name: string) =>
          lines
            .filter((l) => l.startsWith(`${name}:`))
            .map((l) => l.slice(name.length + 1).trimStart())
            .join('\n');
        return { event: field('event') || 'message', data: field('data') };
      }
      const { done, value } = await reader.read();
      if (done) return undefined;
      buffer += value;
    }
  }
  return { next, cancel: () => reader.cancel() };
}
