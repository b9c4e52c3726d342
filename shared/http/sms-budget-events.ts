/**
 * The daily SMS budget's alert events: when an activation SMS brings the service's budget to 80 % or 100 %
 * (`smsBudgetReached`, once a day each), one `sms-budget-reached` line with the level; the alerts
 * `alert-sms-budget-80` and `alert-sms-budget-100` (infra/modules/alerts.bicep) fire on it. Refusals once it is spent
 * log `sms-budget-exhausted` (each handler).
 */
import type { SmsBudgetLevel } from '../domain/activation-sms.js';
import type { Logger } from '../log.js';

export function logSmsBudgetReached(
  log: Logger,
  reached: SmsBudgetLevel | undefined,
  budget: number,
  path: 'professional' | 'app' | 'console',
): void {
  if (reached === undefined) return;
  const fields = { percent: reached, budget, path, alert: true };
  if (reached === 100) log.error('sms-budget-reached', fields);
  else log.warn('sms-budget-reached', fields);
}
