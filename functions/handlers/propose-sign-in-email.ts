/**
 * `POST /api/clients/{id}/sign-in-email` (Clients.Manage, `{ email }`): a professional proposes a new sign-in address
 * for a client who signed in (`proposeSignInEmailChange`, docs/profile.md "Sign-in email"): a code goes to it, and the
 * client makes the change by typing it on their profile. `202 { clientId, pendingEmail, expiresAt }`; an address that
 * is not one, too long, the current one, or a Google sign-in → `400 validation-failed`; another account's address or a
 * file without a login → `409 sign-in-email-refused` with its `reason`; the limit → `429`.
 */
import { type Deps, getDeps } from '../../shared/deps.js';
import { DomainError, ValidationFailed } from '../../shared/domain/errors.js';
import { proposeSignInEmailChange } from '../../shared/domain/use-cases/change-sign-in-email.js';
import { edge } from '../../shared/http/handler.js';
import { forProfessionals } from '../../shared/http/professional-route.js';
import { readJson } from '../../shared/http/request.js';
import { jsonResponse } from '../../shared/http/respond.js';
import { signInEmailRequestSchema } from '../../shared/http/sign-in-email-schema.js';
import { CHANGE_EMAIL_PATH } from '../../shared/web/sign-in-email-pages.js';

const FIELD_PROBLEMS: Record<string, string> = {
  invalid: 'must be an email address',
  'too-long': 'must be at most 64 characters to sign in with',
  same: 'is already the address the client signs in with',
  'no-email-sign-in': 'cannot be changed: the client signs in through Google',
};

export const proposeSignInEmailHandler = forProfessionals(
  'Clients.Manage',
  async (request, professional, deps: Pick<Deps, 'auth' | 'signInEmail' | 'onboarding' | 'settings'>, log) => {
    const { email } = await readJson(request, signInEmailRequestSchema);
    const id = request.params.id!;
    const provider = await deps.onboarding.providers.get(professional.providerId);
    const result = await proposeSignInEmailChange(
      deps.signInEmail,
      { providerId: professional.providerId, providerName: provider?.name ?? professional.providerId },
      id,
      email,
      (locale) => `${deps.settings.PUBLIC_BASE_URL}${CHANGE_EMAIL_PATH}?lang=${locale}`,
    );
    if (result.kind === 'code-sent') {
      log.info('security.sign-in-email.proposed', {
        clientId: id,
        providerId: professional.providerId,
        by: professional.oid,
      });
      return jsonResponse(202, { clientId: id, pendingEmail: result.email, expiresAt: result.expiresAt.toISOString() });
    }
    if (result.kind === 'rate-limited') {
      throw new DomainError('rate-limited', 'Too many codes were sent for this account; try again later.', {
        retryAfterSeconds: result.retryAfterSeconds,
      });
    }
    if (result.problem === 'taken' || result.problem === 'no-account') {
      throw new DomainError(
        'sign-in-email-refused',
        result.problem === 'taken'
          ? 'Another account already signs in with this address.'
          : 'This person has not signed in yet: there is no sign-in address to change.',
        { reason: result.problem },
      );
    }
    throw new ValidationFailed([{ pointer: '#/email', detail: FIELD_PROBLEMS[result.problem] ?? 'is refused' }]);
  },
);

/** `ProposeSignInEmail` as the host calls it (registered by functions/propose-sign-in-email.ts, which imports this module on the first call). */
export const handler = edge(proposeSignInEmailHandler, getDeps);
