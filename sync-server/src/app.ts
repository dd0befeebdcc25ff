import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { makeProblem } from '@bedside/shared';
import type { AppEnv } from './http/app-env.ts';
import { csrfProtection } from './http/csrf.ts';
import { errorHandler, notFoundHandler, ProblemError } from './http/problem.ts';
import type { RateLimits } from './http/rate-limit.ts';
import { requestLog } from './http/request-log.ts';
import { loadSession } from './http/session.ts';
import type { WebApp } from './http/web-app.ts';
import { authRoutes, clinicRoutes } from './routes/accounts.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { recordRoutes } from './routes/records.ts';
import type { RouteContext } from './routes/route-context.ts';
import { syncRoutes } from './routes/sync.ts';
import { userRoutes } from './routes/users.ts';

/** The whole HTTP surface: middleware in the order a request meets it, then routes. */
export function createApp(
  context: RouteContext & { rateLimits: RateLimits; web: WebApp },
): Hono<AppEnv> {
  const { config, deps } = context;
  const app = new Hono<AppEnv>();

  app.use(requestId());
  app.use(requestLog(deps.log));
  // Text goes gzipped: the app, the 0.8 MB ICD-10 index (0.2 MB gzipped) and pull pages. Event
  // streams and images are left as they are.
  app.use(compress());
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", () => context.web.scriptSources().join(' ')],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'blob:', 'data:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );

  app.use('/api/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await next();
  });
  app.use('/api/*', csrfProtection(config.publicOrigins));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: () => {
        throw new ProblemError(
          makeProblem(
            'payload-too-large',
            413,
            `The request body is larger than ${config.maxBodyBytes} bytes.`,
          ),
        );
      },
    }),
  );
  app.use('/api/*', loadSession(deps));
  app.use('/api/*', ...context.rateLimits.middleware);

  app.route('/api/health', healthRoutes());
  app.route('/api/clinics', clinicRoutes(context));
  app.route('/api/auth', authRoutes(context));
  app.route('/api/users', userRoutes(context));
  app.route('/api/sync', syncRoutes(context));
  app.route('/api/sync/events', eventRoutes(context));
  app.route('/api/records', recordRoutes(context));
  app.use(...context.web.handlers);

  app.onError(errorHandler(deps.log));
  app.notFound(notFoundHandler);
  return app;
}
