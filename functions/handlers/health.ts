/**
 * `GET /api/health`: each dependency's state, for ops, load balancers and the launcher's readiness check.
 * 200 when every check is ok; 503 with `"failing"` on the failing ones otherwise. Statuses only: why a check
 * fails goes to the logs, never to the answer. One probe run serves every caller for a few seconds.
 */
import { type CheckName, getDeps, type HealthProbes } from '../../shared/deps.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { jsonResponse } from '../../shared/http/respond.js';

export const healthHandler: Handler<{ health: HealthProbes }> = async (_request, _context, deps, log) => {
  const { report, fresh } = await deps.health.report();
  if (fresh && report.status !== 'ok') {
    const failing = (Object.keys(report.checks) as CheckName[]).filter((name) => report.checks[name] !== 'ok');
    log.warn('health.failing', {
      failing,
      reasons: Object.fromEntries(failing.map((name) => [name, report.results[name].detail])),
    });
  }
  return jsonResponse(report.status === 'ok' ? 200 : 503, { status: report.status, checks: report.checks });
};

/** `Health` as the host calls it (registered by functions/health.ts, which imports this module on the first call). */
export const handler = edge(healthHandler, getDeps);
