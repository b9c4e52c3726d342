/**
 * The console's Invitations pages rendered with long values (long names and addresses, a failure reason, a timeline
 * with every event, a new link shown once, every filter's problem), for the browser checks that load pages with
 * `setContent`: axe (`test/e2e/web-pages-a11y.test.ts`) and narrow screens (`test/e2e/narrow-screens.test.ts`).
 */
import { createInvitation, type Invitation } from '../../shared/domain/invitation.js';
import { event, type TimelineEventType } from '../../shared/domain/timeline.js';
import type { ListFilterValues } from '../../shared/http/console-invitations-query.js';
import {
  renderInvitationDetail,
  renderInvitationList,
  renderInvitationNotFound,
  renderRevokeConfirmation,
} from '../../shared/web/console-invitations-pages.js';
import type { ConsoleFrame } from '../../shared/web/console-pages.js';

const LONG_EMAIL = 'jean-baptiste-emmanuel.delacroix-montmorency-laval@gfms-services-techniques.example';

export function consoleInvitationPages(
  frame: Omit<ConsoleFrame, 'current' | 'here'>,
  names: { provider: string; professional: string },
): Array<{ name: string; markup: string; mustFit: string[] }> {
  const f: ConsoleFrame = { ...frame, current: 'invitations', here: '/api/console/invitations' };
  const now = new Date('2026-11-30T18:00:00Z');
  const base = createInvitation(
    {
      email: LONG_EMAIL,
      firstName: 'Jean-Baptiste-Emmanuel',
      lastName: 'Delacroix-Montmorency-Laval',
      locale: 'fr',
      phone: '+33612345678',
      company: {
        name: 'Société Anonyme des Établissements Industriels de Maintenance',
        address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
      },
      expiresInDays: 7,
      sendEmail: true,
    },
    {
      id: '00000000-0000-4000-8000-000000000001',
      providerId: 'gfms',
      invitedBy: { name: names.professional, oid: 'oid' },
      keyHash: 'hash',
      now: new Date('2026-11-28T09:00:00Z'),
    },
  );
  const failed: Invitation = {
    ...base,
    delivery: {
      status: 'failed',
      attempts: 5,
      lastError: 'Bounced: 550 5.1.1 The email account that you tried to reach does not exist',
    },
  };
  const rows: Invitation[] = [
    failed,
    { ...base, id: '00000000-0000-4000-8000-000000000002', delivery: { status: 'delivered', attempts: 1 } },
    { ...base, id: '00000000-0000-4000-8000-000000000003', status: 'revoked', revokedAt: now },
    { ...base, id: '00000000-0000-4000-8000-000000000004', delivery: { status: 'not-requested', attempts: 0 } },
  ];
  const values: ListFilterValues = { status: '', email: '', from: '', to: '', only: '', order: 'newest' };
  const types: TimelineEventType[] = [
    'created',
    'email.queued',
    'email.sent',
    'email.throttled',
    'email.retrying',
    'email.delivered',
    'email.failed',
    'opened',
    'resent',
    'new-link.sent',
    'revoked',
  ];
  const timeline = types.map((type, n) =>
    event(
      new Date(base.createdAt.getTime() + n * 60_000),
      type,
      type === 'email.failed'
        ? 'Bounced: 550 5.1.1 The email account that you tried to reach does not exist'
        : type === 'resent' || type === 'revoked'
          ? `by ${names.professional}`
          : undefined,
    ),
  );
  const link = `https://onboarding.example/api/InviteUser?invitationId=${base.id}&key=${'k'.repeat(43)}`;
  const detail = { timeline, timelineTruncated: true, now, formToken: '00000000-0000-4000-8000-000000000000' };
  return [
    {
      name: 'console invitations',
      markup: renderInvitationList(f, {
        values,
        items: rows,
        now,
        nextCursor: 'cursor',
        paged: true,
        providerName: names.provider,
      }).value,
      mustFit: [names.provider],
    },
    {
      name: 'console invitations (bad filters, none)',
      markup: renderInvitationList(f, {
        values: { ...values, email: 'nobody', from: '2026-02-30', to: '2026-01-01', order: 'oldest' },
        problems: { email: true, from: true, to: true, invalid: true },
        items: [],
        now,
        paged: false,
        providerName: names.provider,
      }).value,
      mustFit: [],
    },
    {
      name: 'console invitation (failed email, resent notice)',
      markup: renderInvitationDetail(f, { ...detail, invitation: failed, notice: { kind: 'done', what: 'resent' } })
        .value,
      mustFit: [],
    },
    {
      name: 'console invitation (a new link shown once)',
      markup: renderInvitationDetail(f, {
        ...detail,
        invitation: rows[3]!,
        link,
        notice: { kind: 'done', what: 'link' },
        expiresInDays: { value: '45', invalid: true, form: 'link' },
      }).value,
      mustFit: [],
    },
    {
      name: 'console invitation (revoked; another one pending)',
      markup: renderInvitationDetail(f, {
        ...detail,
        invitation: rows[2]!,
        notice: { kind: 'refused', reason: 'invitation-pending', otherId: base.id },
      }).value,
      mustFit: [],
    },
    { name: 'console revoke confirmation', markup: renderRevokeConfirmation(f, base).value, mustFit: [] },
    { name: 'console invitation not found (list)', markup: renderInvitationNotFound(f).value, mustFit: [] },
  ];
}
