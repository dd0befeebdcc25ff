import type { HttpBindings } from '@hono/node-server';
import type { Me } from '@bedside/shared';
import type { ClientInfo } from './request-info.ts';

/** The signed-in user of a request, from the session cookie. */
export type SessionInfo = Me & { tokenHash: string };

export type AppEnv = {
  // Absent when the app is driven through `app.request()` in tests.
  Bindings: Partial<HttpBindings>;
  Variables: {
    requestId: string;
    session: SessionInfo | undefined;
    /** Set by `deactivatedSession` when the cookie names a session a deactivation ended. */
    deactivated?: boolean;
    /** Set by `clientInfo`, first thing. */
    client: ClientInfo | undefined;
  };
};
