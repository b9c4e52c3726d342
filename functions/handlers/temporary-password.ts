/**
 * `POST /api/ResetPassword/temporary` (Clients.Manage, the professional's provider only): a temporary password for
 * the client's account, forced to change at the next sign-in — `201 { temporaryPassword, mustChangeAtNextSignIn }`,
 * `Cache-Control: no-store`. The password is never stored and never logged: an `Idempotency-Key` is ignored (a
 * replayed answer would have to keep it), so a retry sets a new password and the previous one stops working. Each
 * password set is logged as a security event: who, which client, when.
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { DomainError } from '../../shared/domain/errors.js';
import { setTemporaryPassword } from '../../shared/domain/use-cases/temporary-password.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { readJson } from '../../shared/http/request.js';
import { jsonResponse } from '../../shared/http/respond.js';
import { temporaryPasswordRequestSchema } from '../../shared/http/temporary-password-schema.js';

type TemporaryPasswordHandlerDeps = Pick<Deps, 'auth' | 'passwords'>;

export const temporaryPasswordHandler: Handler<TemporaryPasswordHandlerDeps> = forProfessionals(
  'Clients.Manage',
  async (request, professional, deps, log) => {
    const { clientId } = await readJson(request, temporaryPasswordRequestSchema);
    const who = { clientId, providerId: professional.providerId, by: professional.oid };
    try {
      const set = await setTemporaryPassword(deps.passwords.temporary, professional, clientId);
      log.info('security.temporary-password.set', { ...who, via: 'api' });
      return jsonResponse(
        201,
        { temporaryPassword: set.temporaryPassword, mustChangeAtNextSignIn: set.mustChangeAtNextSignIn },
        { 'Cache-Control': 'no-store' },
      );
    } catch (error) {
      if (error instanceof DomainError && ['no-account', 'multiple-providers'].includes(error.code)) {
        log.warn('security.temporary-password.refused', { ...who, via: 'api', reason: error.code });
      }
      throw error;
    }
  },
);

/** `TemporaryPassword` as the host calls it (registered by functions/temporary-password.ts, which imports this module on the first call). */
export const handler = edge(temporaryPasswordHandler, getDeps);
