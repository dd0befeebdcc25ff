import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { makeProblem } from '@bedside/shared';
import type { AppEnv } from './http/app-env.ts';
import { csrfProtection } from './http/csrf.ts';
import { jsonDepthLimit } from './http/json-depth-limit.ts';
import { errorHandler, notFoundHandler, ProblemError } from './http/problem.ts';
import type { RateLimits } from './http/rate-limit.ts';
import { clientInfo } from './http/request-info.ts';
import { requestLog } from './http/request-log.ts';
import { openerPolicy } from './http/opener-policy.ts';
import { loadSession } from './http/session.ts';
import { deactivatedSession, unsentChangesReport } from './http/deactivated-session.ts';
import { twoFactorGate } from './http/two-factor-gate.ts';
import type { WebApp } from './http/web-app.ts';
import type { Config } from './config.ts';
import { authRoutes, clinicRoutes } from './routes/accounts.ts';
import { auditRoutes } from './routes/audit.ts';
import { blobUrlRoutes } from './routes/blob-urls.ts';
import { captureRoutes } from './routes/capture.ts';
import { captureSessionRoutes } from './routes/capture-sessions.ts';
import { clinicSettingsRoutes } from './routes/clinic.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { deletedRoutes } from './routes/deleted.ts';
import { jobRoutes } from './routes/jobs.ts';
import { appointmentReminderRoutes, messageRoutes } from './routes/messages.ts';
import { passwordRoutes } from './routes/passwords.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { photoRoutes } from './routes/photos.ts';
import { recordRoutes } from './routes/records.ts';
import { patientReminderRoutes } from './routes/patient-reminders.ts';
import { reminderRoutes } from './routes/reminders.ts';
import { unsubscribeRoutes } from './routes/unsubscribe.ts';
import type { RouteContext } from './routes/route-context.ts';
import { syncRoutes } from './routes/sync.ts';
import { twoFactorRoutes } from './routes/two-factor.ts';
import { userRoutes } from './routes/users.ts';
import { invitationRoutes } from './routes/invitations.ts';

/** The whole HTTP surface: middleware in the order a request meets it, then routes. */
export function createApp(
  context: RouteContext & { rateLimits: RateLimits; web: WebApp },
): Hono<AppEnv> {
  const { config, deps } = context;
  const app = new Hono<AppEnv>();
  // Devices talk to the bucket itself when photos live in S3.
  const bucket = bucketOrigins(config);

  app.use(requestId());
  // Forwarded headers count only from TRUSTED_PROXIES: Secure cookies, CSRF origin, per-IP limits.
  app.use(clientInfo(config.trustedProxies));
  app.use(requestLog(deps.log));
  // Text goes gzipped: the app, the 0.8 MB ICD-10 index (0.2 MB gzipped) and pull pages. Event
  // streams and images are left as they are.
  app.use(compress());
  app.use(
    secureHeaders({
      // Set by openerPolicy below, only where the browser honours it.
      crossOriginOpenerPolicy: false,
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", () => context.web.scriptSources().join(' ')],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'blob:', 'data:', ...bucket],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", ...bucket],
        workerSrc: ["'self'", 'blob:'],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.use(openerPolicy());

  // Signed blob URLs carry their own credential and bodies of up to 10 MB: mounted before the
  // session, CSRF, rate limits and the JSON body limit that every other `/api` route goes through.
  app.route('/api/blobs', blobUrlRoutes(context.blobs));
  // The page an unsubscribe link opens: outside the app and its session; the token is the
  // credential, and mail apps' one-click unsubscribe posts here with no Origin.
  app.route('/unsubscribe', unsubscribeRoutes(context));

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
  app.use('/api/*', jsonDepthLimit());
  app.use('/api/*', loadSession(context.sessions));
  // A cookie whose session a deactivation ended is told so (`account-deactivated`).
  app.use('/api/*', deactivatedSession(deps));
  // A clinic that requires two-factor: a member without it can only set it up.
  app.use('/api/*', twoFactorGate());
  app.use('/api/*', ...context.rateLimits.middleware);

  app.route('/api/health', healthRoutes());
  app.route('/api/clinics', clinicRoutes(context));
  app.route('/api/auth', authRoutes(context));
  app.route('/api/auth', passwordRoutes(context));
  app.route('/api/auth', sessionRoutes(context));
  app.route('/api/auth', twoFactorRoutes(context));
  app.route('/api/clinic', clinicSettingsRoutes(context));
  app.route('/api/deleted', deletedRoutes(context));
  app.route('/api/users', userRoutes(context));
  app.route('/api/invitations', invitationRoutes(context));
  app.use('/api/sync/*', unsentChangesReport(deps));
  app.route('/api/sync', syncRoutes(context));
  app.route('/api/sync/events', eventRoutes(context));
  app.route('/api/records', recordRoutes(context));
  app.route('/api/photos', photoRoutes(context));
  app.route('/api/capture-sessions', captureSessionRoutes(context));
  app.route('/api/capture', captureRoutes(context));
  app.route('/api/jobs', jobRoutes(context));
  app.route('/api/reminders', reminderRoutes(context));
  app.route('/api/messages', messageRoutes(context));
  app.route('/api/appointments', appointmentReminderRoutes(context));
  app.route('/api/patients', patientReminderRoutes(context));
  app.route('/api', auditRoutes(context));
  app.use(...context.web.handlers);

  app.onError(errorHandler(deps.log));
  app.notFound(notFoundHandler);
  return app;
}

/** Where browsers reach the bucket: the public endpoint, the endpoint, or AWS S3 itself. */
function bucketOrigins(config: Config): string[] {
  const blobs = config.blobs;
  if (blobs.driver !== 's3') return [];
  const endpoint = blobs.publicEndpoint ?? blobs.endpoint;
  if (endpoint) return [new URL(endpoint).origin];
  return [
    blobs.forcePathStyle
      ? `https://s3.${blobs.region}.amazonaws.com`
      : `https://${blobs.bucket}.s3.${blobs.region}.amazonaws.com`,
  ];
}
