import { Hono } from 'hono';
import {
  AuditQuery,
  ChartReadBatch,
  type AuditPage,
  type ChartReadResult,
} from '@bedside/shared/audit';
import { auditCsv } from '../domain/audit/audit-csv.ts';
import { auditFilter, auditLog, auditReader } from '../domain/audit/audit-log.ts';
import { recordChartReads } from '../domain/audit/chart-reads.ts';
import type { AppEnv } from '../http/app-env.ts';
import { readJson, validOrThrow } from '../http/json-body.ts';
import { ProblemError } from '../http/problem.ts';
import { actorOf, requireSession } from '../http/session.ts';
import type { RouteContext } from './route-context.ts';

/**
 * The audit log (mounted at `/api`): the owner reads it page by page (`/audit`) or whole as CSV
 * (`/audit.csv`); every member's device reports the charts its user opened (`/audit/reads`).
 */
export function auditRoutes({ deps }: RouteContext) {
  return new Hono<AppEnv>()
    .get('/audit', async (c) => {
      const session = requireSession(c);
      const query = validOrThrow(AuditQuery, c.req.query());
      const result = await auditLog(deps, { ...actorOf(c), role: session.user.role }, query);
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value satisfies AuditPage);
    })
    .get('/audit.csv', async (c) => {
      const session = requireSession(c);
      const query = validOrThrow(AuditQuery, c.req.query());
      const refused = auditReader({ ...actorOf(c), role: session.user.role });
      if (refused) throw new ProblemError(refused);
      return c.body(auditCsv(deps, session.clinic.id, auditFilter(query)), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="audit-log.csv"',
      });
    })
    .post('/audit/reads', async (c) => {
      requireSession(c);
      const batch = await readJson(c, ChartReadBatch);
      const result = await recordChartReads(deps, actorOf(c), batch.reads);
      return c.json(result satisfies ChartReadResult);
    });
}
