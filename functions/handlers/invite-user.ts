/**
 * `InviteUser`: the route of the invitation link and of inviting.
 * - `GET|HEAD /api/InviteUser?invitationId=…&key=…`: the landing page. It changes nothing, so mail scanners'
 *   fetches cannot spend or mark the invitation; each way a link can fail has its page. The person who accepted it,
 *   signed in, whose company is not created yet, goes back to Create Company instead of "already accepted".
 * - `POST /api/InviteUser` (role Invitations.Send): one invitation (JSON), or a bulk (`{ invitations: [...] }` or
 *   `text/csv`), with `Idempotency-Key`.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import '../../shared/http/zod-messages.js';
import { type Deps, getDeps } from '../../shared/deps.js';
import { awaitsCompanyOf, type Invitation } from '../../shared/domain/invitation.js';
import { isSessionEnded } from '../../shared/domain/use-cases/client-session.js';
import type { InvitationDeps } from '../../shared/domain/use-cases/invitation-deps.js';
import { openLink } from '../../shared/domain/use-cases/invitation-link.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { languageSwitch, pageLocale } from '../../shared/http/browser.js';
import { sessionRef } from '../../shared/http/browser-session.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { withIdempotency } from '../../shared/http/idempotency.js';
import {
  apiRejected,
  type BulkInvitations,
  bulkInvitations,
  readBulkRequest,
  readCsvText,
} from '../../shared/http/invitation-bulk.js';
import { invitationJson, invitationRequestSchema } from '../../shared/http/invitation-schema.js';
import { actingProfessional } from '../../shared/http/professional.js';
import { fieldProblems, readJson, validationProblem } from '../../shared/http/request.js';
import { jsonResponse, pageResponse, redirect } from '../../shared/http/respond.js';
import { readSession, updatedSessionCookie } from '../../shared/http/session.js';
import {
  renderAlreadyAcceptedPage,
  renderExpiredPage,
  renderLandingPage,
  renderLinkNotFoundPage,
  renderSupersededPage,
} from '../../shared/web/invitation-pages.js';

/** The process's dependencies, bulks started through the invitation request's schema (`bulkInvitations`). */
export type InviteUserDeps = Pick<Deps, 'settings' | 'auth' | 'idempotency' | 'sessions' | 'onboarding'> & {
  invitations: InvitationDeps;
  bulk: BulkInvitations;
};

const JSON_LIMIT = 8 * 1024 * 1024;
/** Any JSON: a single invitation and a bulk are told apart after reading. Built once: a zod schema costs to build. */
const anyJson = z.unknown();
const linkQuery = z.object({ invitationId: z.uuid(), key: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

export const inviteUserHandler: Handler<InviteUserDeps> = async (request, _context, deps, log) => {
  if (request.method === 'GET' || request.method === 'HEAD') {
    const page = await landing(request, deps);
    return request.method === 'HEAD' ? { ...page, body: undefined } : page;
  }
  const professional = await actingProfessional(request, deps.auth, 'Invitations.Send');
  const type = request.headers.get('content-type') ?? '';
  const csv = /^text\/csv\b/i.test(type) ? await readCsvText(request) : undefined;
  const raw = csv === undefined ? await readJson(request, anyJson, JSON_LIMIT) : undefined;
  const isBulk = csv !== undefined || (typeof raw === 'object' && raw !== null && 'invitations' in raw);
  return withIdempotency(
    deps.idempotency,
    {
      key: request.headers.get('idempotency-key'),
      scope: `invite|${professional.providerId}`,
      request: csv === undefined ? `json|${JSON.stringify(raw)}` : `csv|${csv}`,
      now: deps.invitations.clock.now(),
    },
    async () => {
      if (isBulk) {
        const rows = readBulkRequest(csv === undefined ? { json: raw } : { csv });
        const accepted = await deps.bulk.start(professional, rows);
        log.info('invitations.bulk.accepted', {
          batchId: accepted.batchId,
          accepted: accepted.accepted,
          rejected: accepted.rejected.length,
        });
        return jsonResponse(
          202,
          { ...accepted, rejected: apiRejected(accepted.rejected) },
          {
            Location: `${deps.settings.PUBLIC_BASE_URL}/api/invitations/batches/${accepted.batchId}`,
          },
        );
      }
      const parsed = invitationRequestSchema.safeParse(raw);
      if (!parsed.success) throw validationProblem(fieldProblems(parsed.error));
      const { invitation, key } = await inviteUser(deps.invitations, professional, parsed.data);
      log.info('invitation.created', {
        invitationId: invitation.id,
        providerId: invitation.providerId,
        email: invitation.email,
        sendEmail: parsed.data.sendEmail,
      });
      const acceptUrl = parsed.data.sendEmail ? undefined : deps.invitations.links.acceptInvitation(invitation.id, key);
      const body = invitationJson(invitation, deps.invitations.clock.now(), { acceptUrl });
      return jsonResponse(201, body, { Location: `${deps.settings.PUBLIC_BASE_URL}/api/invitations/${invitation.id}` });
    },
  );
};

async function landing(request: HttpRequest, deps: InviteUserDeps): Promise<HttpResponseInit> {
  const query = linkQuery.safeParse({ invitationId: request.query.get('invitationId'), key: request.query.get('key') });
  if (!query.success) return pageResponse(404, renderLinkNotFoundPage({ locale: pageLocale(request) }));
  const view = await openLink(deps.invitations, query.data);
  if (view.kind === 'not-found' || !view.provider)
    return pageResponse(404, renderLinkNotFoundPage({ locale: pageLocale(request) }));
  const { invitation, provider } = view;
  const locale = pageLocale(request, invitation.locale);
  const switcher = languageSwitch('/api/InviteUser', query.data);
  switch (view.kind) {
    case 'valid':
      return pageResponse(
        200,
        renderLandingPage({
          locale,
          invitationId: invitation.id,
          key: query.data.key,
          invitee: { firstName: invitation.firstName, lastName: invitation.lastName, email: invitation.email },
          inviterName: invitation.invitedBy.name,
          provider,
          message: invitation.message,
          company: invitation.company,
          expiresAt: invitation.expiresAt,
          languageSwitch: switcher,
        }),
      );
    case 'expired':
      return pageResponse(
        410,
        renderExpiredPage({
          locale,
          provider,
          invitationId: invitation.id,
          key: query.data.key,
          expiredAt: invitation.expiresAt,
          languageSwitch: switcher,
        }),
      );
    case 'superseded':
      return pageResponse(410, renderSupersededPage({ locale, provider, languageSwitch: switcher }));
    case 'already-accepted':
      return (
        (await backToCreateCompany(request, deps, invitation)) ??
        pageResponse(
          200,
          renderAlreadyAcceptedPage({
            locale,
            provider,
            signInUrl: `${deps.settings.PUBLIC_BASE_URL}/api/SignIn?go=1&lang=${locale}`,
            languageSwitch: switcher,
          }),
        )
      );
  }
}

/**
 * The link opened again by the very person who accepted it, signed in, before their company was created: back to
 * Create Company at the invitation's place (docs/sign-in.md, "Back to Create Company"). The session moves there (same
 * id, same expiry); Create Company then checks the session and the access there, and resumes the onboarding. Anyone
 * else — no session, a signed-out one, another client — and a completed invitation get the "already accepted" page.
 * Costs nothing more unless a session of the invitation's client comes with it (then one point read: signed out?).
 */
async function backToCreateCompany(
  request: HttpRequest,
  deps: InviteUserDeps,
  invitation: Invitation,
): Promise<HttpResponseInit | undefined> {
  if (invitation.status !== 'accepted') return undefined;
  const claims = await readSession(request, deps.sessions);
  if (!claims || !awaitsCompanyOf(invitation, claims.clientId)) return undefined;
  if (await isSessionEnded(deps.onboarding, sessionRef(claims))) return undefined;
  const { choices: _choices, onboarding, ...rest } = claims;
  const moved = {
    ...rest,
    current: { providerId: invitation.providerId },
    // The session's own onboarding when it is this invitation's; else Create Company resumes it.
    ...(onboarding?.invitationId === invitation.id ? { onboarding } : {}),
  };
  const lang = request.query.get('lang') ? `?lang=${pageLocale(request, claims.locale)}` : '';
  return redirect(`/api/CreateCompany${lang}`, [await updatedSessionCookie(deps.sessions, moved, claims.exp)]);
}

/** `InviteUser` as the host calls it (registered by functions/invite-user.ts, which imports this module on the first call). */
export const handler = edge(inviteUserHandler, () => {
  const deps = getDeps();
  return { ...deps, bulk: bulkInvitations(deps.bulk) };
});
