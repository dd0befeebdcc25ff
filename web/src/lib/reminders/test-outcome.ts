import type { MessageLogEntry } from '@bedside/shared/reminders';

/**
 * What "Send a test to me" says about the message the server logged.
 *
 * @example testOutcome(entry).text // 'Sent to ann@example.com. Check your inbox.'
 */
export function testOutcome(entry: MessageLogEntry): { ok: boolean; text: string } {
  const to = entry.to ?? 'your address';
  switch (entry.status) {
    case 'sent':
      return { ok: true, text: `Sent to ${to}. Check your inbox.` };
    case 'queued':
    case 'sending':
      return {
        ok: true,
        text: `On its way to ${to}; the server tries again if the mail server is busy.`,
      };
    case 'failed':
      return { ok: false, text: `The test to ${to} failed: ${entry.reason ?? 'no reason given'}.` };
    case 'skipped':
      return { ok: false, text: `The test was not sent: ${entry.reason ?? 'no reason given'}.` };
  }
}
