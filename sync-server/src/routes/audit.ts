import { Hono } from 'hono';
import {
  AuditQuery,
  ChartReadBatch,
  type AuditPage,
  type ChartReadResult,
} from '@bedside/shared/audit';
import { auditCsv } from '../domain/audit/audit-csv.ts';
import { auditFilter, auditLog } from '../domain/audit/audit-log.ts';
import { recordChartReads } from '../domain/audit/chart-reads.ts';
import type { AppEnv } from '../http/app-env.ts';
import { readJson, validOrThrow } from '../http/json-body.ts';
import { ProblemError } from '../http/problem.ts';
import { requireCapability } from '../http/capability.ts';
import { actorOf } from '../http/session.ts';
import type { RouteContext } from './route-context.ts';

/**
 * The audit log (mounted at `/api`): the owner reads it page by page (`/audit`) or whole as CSV
 * (`/audit.csv`); every member's device reports the charts its user opened (`/audit/reads`).
 */
export function auditRoutes({ deps }: RouteContext) {
  return new Hono<AppEnv>()
    .get('/audit', async (c) => {
      requireCapability(c, 'audit.read');
      const query = validOrThrow(AuditQuery, c.req.query());
      const result = await auditLog(deps, actorOf(c), query);
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value satisfies AuditPage);
    })
    .get('/audit.csv', async (c) => {
      const session = requireCapability(c, 'audit.read');
      const query = validOrThrow(AuditQuery, c.req.query());
      return c.body(auditCsv(deps, session.clinic.id, auditFilter(query)), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="audit-log.csv"',
      });
    })
    .post('/audit/reads', async (c) => {
      // Any member opens charts: the patients' details, which every role reads.
      requireCapability(c, 'patients.read');
      const batch = await readJson(c, ChartReadBatch);
      const result = await recordChartReads(deps, actorOf(c), batch.reads);
      return c.json(result satisfies ChartReadResult);
    });
}
