/**
 * `GET /api/health`: each dependency's state, for ops and for the launcher's readiness check.
 * 200 when every check is ok; 503 naming the failing ones otherwise.
 */
import azf, { type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { type CheckName, type CheckResult, healthChecks } from '../shared/adapters/health-checks.js';
import { type Deps, getDeps } from '../shared/deps.js';
import { edge } from '../shared/http/handler.js';
import type { RouteDoc } from '../shared/http/openapi.js';
import { jsonResponse } from '../shared/http/respond.js';
import type { Logger } from '../shared/log.js';

const checkSchema = z.object({
  status: z.enum(['ok', 'failing']),
  durationMs: z.number(),
  detail: z.string().optional(),
});
export const healthSchema = z
  .object({
    status: z.enum(['ok', 'failing']),
    checks: z.object({ storage: checkSchema, email: checkSchema, sms: checkSchema, identity: checkSchema }),
    failing: z.array(z.enum(['storage', 'email', 'sms', 'identity'])).optional(),
  })
  .meta({ id: 'Health' });

export const healthRoute: RouteDoc = {
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  summary: 'State of each dependency (storage, email, SMS, identity)',
  tags: ['ops'],
  responses: {
    '200': { description: 'Every check is ok', schema: healthSchema },
    '503': { description: 'At least one dependency is failing', schema: healthSchema },
  },
};

export async function healthHandler(
  _request: HttpRequest,
  _context: InvocationContext,
  deps: Deps,
  log: Logger,
): Promise<HttpResponseInit> {
  const names = Object.keys(healthChecks) as CheckName[];
  const results = await Promise.all(names.map((name) => healthChecks[name](deps)));
  const checks = Object.fromEntries(names.map((name, i) => [name, results[i]!])) as Record<CheckName, CheckResult>;
  const failing = names.filter((name) => checks[name].status !== 'ok');
  if (failing.length) log.warn('health.failing', { failing, checks });
  return jsonResponse(failing.length ? 503 : 200, {
    status: failing.length ? 'failing' : 'ok',
    checks,
    ...(failing.length ? { failing } : {}),
  });
}

azf.app.http('Health', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'health',
  handler: edge(healthHandler, getDeps),
});
