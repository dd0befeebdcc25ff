import { Hono } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import {
  unsubscribe,
  unsubscribePage,
  type UnsubscribePage,
} from '../domain/reminders/unsubscribes.ts';
import type { AppEnv } from '../http/app-env.ts';
import { readUnsubscribeToken } from '../mail/unsubscribe-token.ts';
import type { RouteContext } from './route-context.ts';

/**
 * The page an unsubscribe link in a message opens, outside the app: no sign-in, the signed token
 * is the credential. GET only asks (mail scanners open links), POST does it; mail apps' one-click
 * unsubscribe (RFC 8058) posts to the same address. It names the clinic, never the patient.
 */
export function unsubscribeRoutes({ deps, mail }: RouteContext) {
  const secret = mail.signingSecret;
  return new Hono<AppEnv>()
    .get('/:token', async (c) => {
      const subject = readUnsubscribeToken(secret, c.req.param('token'));
      const state = subject && (await unsubscribePage(deps, subject));
      if (!state) return c.html(invalidLink(), 404);
      return c.html(state.unsubscribedAt ? unsubscribed(state) : askToConfirm(state));
    })
    .post('/:token', async (c) => {
      const subject = readUnsubscribeToken(secret, c.req.param('token'));
      const state = subject && (await unsubscribe(deps, subject, c.get('requestId')));
      if (!state) return c.html(invalidLink(), 404);
      return c.html(unsubscribed(state));
    });
}

const day = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));

function askToConfirm(state: UnsubscribePage) {
  return page(
    'Stop appointment emails?',
    html`<p>
        You will no longer receive appointment reminders, confirmations or cancellations by email
        from ${state.clinicName}.
      </p>
      <form method="post"><button type="submit">Stop these emails</button></form>
      <p class="small">To keep receiving them, close this page.</p>`,
  );
}

function unsubscribed(state: UnsubscribePage & { unsubscribedAt: string | null }) {
  return page(
    'You are unsubscribed',
    html`<p>
        ${state.clinicName} will not send you appointment emails any
        more${state.unsubscribedAt ? ` (since ${day(state.unsubscribedAt)})` : ''}.
      </p>
      <p class="small">Changed your mind? Ask the clinic to turn reminders back on.</p>`,
  );
}

function invalidLink() {
  return page(
    'This link does not work',
    html`<p>
      It may have been copied only in part. Open the link from the email again, or ask the clinic to
      stop the emails for you.
    </p>`,
  );
}

function page(title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <title>${title}</title>
        <style>
          body {
            font:
              1.0625rem/1.5 system-ui,
              sans-serif;
            margin: 0;
            padding: 0 1rem;
            color: #1a1a1a;
            background: #f6f7f9;
          }
          main {
            max-width: 32rem;
            margin: 3rem auto;
            padding: 1.5rem;
            background: #fff;
            border-radius: 0.5rem;
          }
          h1 {
            font-size: 1.4rem;
            margin-top: 0;
          }
          button {
            font: inherit;
            padding: 0.7rem 1.2rem;
            border: 0;
            border-radius: 0.4rem;
            background: #1d4ed8;
            color: #fff;
            cursor: pointer;
          }
          button:focus-visible {
            outline: 3px solid #1a1a1a;
            outline-offset: 2px;
          }
          .small {
            color: #4a4a4a;
            font-size: 0.95rem;
          }
        </style>
      </head>
      <body>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`;
}
