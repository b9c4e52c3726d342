/**
 * `GET /api/console/invitations` (role `Invitations.Send`): the provider's invitations — filtered by status, email,
 * creation days and Home's narrower lists (expiring within 48 hours, email not delivered, accepted this week), newest
 * or oldest first, a page at a time (a cursor). The listing is narrowed by its rows server-side (`listInvitations`);
 * bad filters re-render the form (400) with each one's message and no list.
 */
import { getDeps } from '../../shared/deps.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { InvitationDeps } from '../../shared/domain/use-cases/invitation-deps.js';
import { listInvitations } from '../../shared/domain/use-cases/manage-invitations.js';
import { invitationsFrame } from '../../shared/http/console-invitation-page.js';
import { listQueryParams, readListQuery } from '../../shared/http/console-invitations-query.js';
import { type ConsoleEdgeDeps, consoleEdgeDeps, consolePage } from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { page } from '../../shared/http/respond.js';
import { renderInvitationList } from '../../shared/web/console-invitations-pages.js';

export type ConsoleInvitationsDeps = ConsoleEdgeDeps & { invitations: InvitationDeps };

export const consoleInvitationsHandler = consolePage<ConsoleInvitationsDeps>(
  'Invitations.Send',
  async (visit, deps) => {
    const now = deps.invitations.clock.now();
    const reading = readListQuery(new URL(visit.request.url).searchParams, now);
    const here = (values: Parameters<typeof listQueryParams>[0]) => {
      const query = new URLSearchParams(listQueryParams(values)).toString();
      return `/api/console/invitations${query ? `?${query}` : ''}`;
    };
    const base = { now, providerName: visit.provider.name, items: [], paged: false };
    if (!reading.ok) {
      const frame = invitationsFrame(visit, here(reading.values));
      return page(400, renderInvitationList(frame, { ...base, values: reading.values, problems: reading.problems }));
    }
    const frame = invitationsFrame(visit, here(reading.values));
    try {
      const found = await listInvitations(deps.invitations, visit.professional, reading.query);
      return page(
        200,
        renderInvitationList(frame, {
          ...base,
          values: reading.values,
          items: found.items,
          nextCursor: found.nextCursor,
          paged: reading.cursor !== undefined,
        }),
      );
    } catch (error) {
      // A cursor that is not one the list gave (edited, or of the other order): the filters again, said so.
      if (!(error instanceof DomainError) || error.code !== 'invalid-cursor') throw error;
      return page(400, renderInvitationList(frame, { ...base, values: reading.values, problems: { invalid: true } }));
    }
  },
);

/** `ConsoleInvitations` as the host calls it (registered by functions/console-invitations.ts, which imports this module on the first call). */
export const handler = edge(consoleInvitationsHandler, () => {
  const deps = getDeps();
  return { ...consoleEdgeDeps(deps), invitations: deps.invitations };
});
