/**
 * `ProcessResetRequest` (queue `reset-requests`): the part of a forgot-password request that depends on the address —
 * its limit, the directory, the client's access, the link or the refusal email (docs/passwords.md). Done here, out of
 * the request, so the request's answer and timing are the same for every address. Logs say what happened and to
 * which account (its object id), never the address or the token. An unexpected error is thrown: the host retries the
 * message, and parks it in `reset-requests-poison` after the 5th try.
 */
import type { InvocationContext } from '@azure/functions';
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import '../../shared/http/zod-messages.js';
import { getDeps } from '../../shared/deps.js';
import { normalizeEmail } from '../../shared/domain/email-address.js';
import { LOCALES } from '../../shared/domain/locale.js';
import { processResetRequest, type ResetWorkerDeps } from '../../shared/domain/use-cases/reset-password.js';
import { invocationLogger } from '../../shared/http/handler.js';

const requestSchema = z.object({
  email: z
    .string()
    .max(254)
    .refine((value) => normalizeEmail(value) === value),
  locale: z.enum(LOCALES),
  requestedAt: z.iso.datetime(),
});

export async function processResetRequestHandler(
  message: unknown,
  context: InvocationContext,
  deps: ResetWorkerDeps,
): Promise<void> {
  const log = invocationLogger(context);
  const request = requestSchema.safeParse(message);
  if (!request.success) {
    log.error('password-reset.message.malformed', { problems: request.error.issues.map((i) => i.path.join('.')) });
    return;
  }
  const outcome = await processResetRequest(deps, request.data);
  const fields = { ...outcome, dequeueCount: context.triggerMetadata?.dequeueCount };
  if (outcome.kind === 'address-limited') log.warn('security.limit.reset-password-address', fields);
  else log.info(`password-reset.${outcome.kind}`, fields);
}

/** `ProcessResetRequest` as the host calls it (registered by functions/process-reset-request.ts, which imports this module on the first call). */
export const handler = (message: unknown, context: InvocationContext) =>
  processResetRequestHandler(message, context, getDeps().passwordReset.worker);
