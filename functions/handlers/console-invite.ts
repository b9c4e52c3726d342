/**
 * `GET|POST /api/console/invite` (role `Invitations.Send`): the Invite form, and inviting from it. The form is read
 * into the API's request (`readInviteForm`: `invitationRequestSchema`, the Create Company rules for the company) and
 * the same use case as `POST /api/InviteUser` runs (`inviteUser`). Bad fields re-render the form (400) with each
 * field's message and the values kept; the API's 409s are messages above the form. Success is a 303 to the page
 * after it (the link, for "give me the link", in a sealed cookie: never in a URL). A double submit of the same form
 * (its one-time `formToken`, as `Idempotency-Key`) gets the first answer again.
 */
import { randomUUID } from 'node:crypto';
import type { HttpResponseInit } from '@azure/functions';
import { getDeps } from '../../shared/deps.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { IdempotencyStore } from '../../shared/domain/ports.js';
import type { InvitationDeps } from '../../shared/domain/use-cases/invitation-deps.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import {
  emptyInviteForm,
  type InviteFormProblems,
  type InviteFormValues,
  inviteFormValues,
  readInviteForm,
} from '../../shared/http/console-invite-form.js';
import { type InviteLinks, inviteLinkCookie, inviteLinks } from '../../shared/http/console-invite-link.js';
import {
  type ConsoleEdgeDeps,
  type ConsoleVisit,
  consoleEdgeDeps,
  consoleFrame,
  consolePage,
  formRequestKey,
  postedFormToken,
} from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { withIdempotency } from '../../shared/http/idempotency.js';
import { page, redirect } from '../../shared/http/respond.js';
import { type InviteRefusal, renderConsoleInvite } from '../../shared/web/console-invite-pages.js';
import type { ConsoleFrame } from '../../shared/web/console-pages.js';
import { consoleHref } from '../../shared/web/console-pages.js';

export type ConsoleInviteDeps = ConsoleEdgeDeps & {
  invitations: InvitationDeps;
  idempotency: IdempotencyStore;
  inviteLinks: InviteLinks;
};

const frameOf = (visit: ConsoleVisit): ConsoleFrame => consoleFrame(visit, 'invite', '/api/console/invite');

function formPage(
  status: number,
  visit: ConsoleVisit,
  values: InviteFormValues,
  extra: { problems?: InviteFormProblems; refusal?: InviteRefusal; formToken?: string } = {},
): HttpResponseInit {
  return page(
    status,
    renderConsoleInvite(frameOf(visit), {
      values,
      problems: extra.problems,
      refusal: extra.refusal,
      formToken: extra.formToken ?? randomUUID(),
      providerName: visit.provider.name,
    }),
  );
}

/** The use case's refusals that the form explains (the API's 409s and their kin), with their status. */
function refusalOf(error: unknown): { status: number; refusal: InviteRefusal } | undefined {
  if (!(error instanceof DomainError)) return undefined;
  switch (error.code) {
    case 'invitation-pending':
      return {
        status: 409,
        refusal: { kind: 'already-invited', invitationId: String(error.details.invitationId ?? '') },
      };
    case 'already-client':
      return { status: 409, refusal: { kind: 'already-client' } };
    case 'concurrent-update':
      return { status: 409, refusal: { kind: 'try-again' } };
    case 'provider-inactive':
      return { status: 403, refusal: { kind: 'provider-inactive' } };
    default:
      return undefined;
  }
}

export const consoleInviteHandler = consolePage<ConsoleInviteDeps>('Invitations.Send', async (visit, deps) => {
  if (visit.request.method !== 'POST') return formPage(200, visit, emptyInviteForm(visit.locale));
  const values = inviteFormValues(visit.form);
  const formToken = postedFormToken(visit);
  const reading = readInviteForm(values);
  if (!reading.ok)
    return formPage(400, visit, values, { problems: reading.problems, ...(formToken ? { formToken } : {}) });
  const request = JSON.stringify(reading.request);
  // A different request from the same form (edited after going back) is another invitation: the key names both.
  const key = formRequestKey(formToken, request);
  const professional = visit.professional;
  const answer = await withIdempotency(
    deps.idempotency,
    {
      key: key ?? null,
      scope: `console-invite|${professional.providerId}|${professional.oid}`,
      request,
      now: deps.invitations.clock.now(),
    },
    async () => {
      try {
        const { invitation, key: linkKey } = await inviteUser(deps.invitations, professional, reading.request);
        visit.log.info('console.invitation.created', {
          invitationId: invitation.id,
          providerId: invitation.providerId,
          sendEmail: reading.request.sendEmail,
        });
        const sent = consoleHref(`/api/console/invite/sent/${invitation.id}`, visit.locale);
        if (reading.request.sendEmail) return redirect(sent);
        const url = deps.invitations.links.acceptInvitation(invitation.id, linkKey);
        return redirect(sent, [await inviteLinkCookie(deps.inviteLinks, { invitationId: invitation.id, url })]);
      } catch (error) {
        const refused = refusalOf(error);
        if (!refused) throw error;
        visit.log.info('console.invitation.refused', { reason: refused.refusal.kind });
        return formPage(refused.status, visit, values, { refusal: refused.refusal });
      }
    },
  );
  // The first request with this form still runs (a double click): say so rather than answer problem+json.
  const type = (answer.headers as Record<string, string> | undefined)?.['Content-Type'] ?? '';
  if (type.startsWith('application/problem+json'))
    return formPage(409, visit, values, { refusal: { kind: 'try-again' }, ...(formToken ? { formToken } : {}) });
  return answer;
});

/** `ConsoleInvite` as the host calls it (registered by functions/console-invite.ts, which imports this module on the first call). */
export const handler = edge(consoleInviteHandler, () => {
  const deps = getDeps();
  return {
    ...consoleEdgeDeps(deps),
    invitations: deps.invitations,
    idempotency: deps.idempotency,
    inviteLinks: inviteLinks(deps.settings.SESSION_KEYS),
  };
});
