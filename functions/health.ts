/**
 * `GET /api/health`: each dependency's state, for ops, load balancers and the launcher's readiness check.
 * 200 when every check is ok; 503 with `"failing"` on the failing ones otherwise. Statuses only: why a check
 * fails goes to the logs, never to the answer. One probe run serves every caller for a few seconds.
 */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { type CheckName, getDeps, type HealthProbes } from '../shared/deps.js';
import { edge } from '../shared/http/handler.js';
import type { RouteDoc } from '../shared/http/openapi.js';
import { jsonResponse } from '../shared/http/respond.js';
import type { Logger } from '../shared/log.js';

const checkStatus = z.enum(['ok', 'failing']);
export const healthSchema = z
  .object({
    status: checkStatus,
    checks: z.object({ storage: checkStatus, email: checkStatus, sms: checkStatus, identity: checkStatus }),
  })
  .meta({ id: 'Health' });

export const healthRoute: RouteDoc = {
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  summary: 'State of each dependency (storage, email, SMS, identity); cached about 10 s',
  tags: ['ops'],
  responses: {
    '200': { description: 'Every check is ok', schema: healthSchema },
    '503': { description: 'At least one dependency is failing', schema: healthSchema },
  },
};

export async function healthHandler(
  _request: HttpRequest,
  _context: InvocationContext,
  deps: { health: HealthProbes },
  log: Logger,
): Promise<HttpResponseInit> {
  const { report, fresh } = await deps.health.report();
  if (fresh && report.status !== 'ok') {
    const failing = (Object.keys(report.checks) as CheckName[]).filter((name) => report.checks[name] !== 'ok');
    log.warn('health.failing', {
      failing,
      reasons: Object.fromEntries(failing.map((name) => [name, report.results[name].detail])),
    });
  }
  return jsonResponse(report.status === 'ok' ? 200 : 503, { status: report.status, checks: report.checks });
}

azf.app.http('Health', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'health',
  handler: edge(healthHandler, getDeps),
});
