/**
 * Every page of the professional console, rendered by its own function with long values (a long provider name, a
 * long professional name, big counts), for the browser checks that load pages with `setContent`: axe
 * (`test/e2e/web-pages-a11y.test.ts`) and narrow screens (`test/e2e/narrow-screens.test.ts`).
 */
import type { Locale } from '../../shared/domain/locale.js';
import { weekStartInParis } from '../../shared/domain/use-cases/console.js';
import { emptyInviteForm, readInviteForm } from '../../shared/http/console-invite-form.js';
import {
  renderConsoleInvitationNotFound,
  renderConsoleInvite,
  renderConsoleInviteSent,
} from '../../shared/web/console-invite-pages.js';
import {
  renderConsoleHome,
  renderConsoleRefusedPage,
  renderConsoleSignedOutPage,
  renderConsoleSignInProblemPage,
  renderConsoleUnavailablePage,
} from '../../shared/web/console-pages.js';
import { consoleClientPages } from './console-clients-views.js';
import { consoleInvitationPages } from './console-invitations-views.js';
import { consoleMergePages } from './console-merge-views.js';

export const CONSOLE_PROVIDER = 'GFMS-Services-Techniques-Internationaux-Maintenance-Industrielle';
export const CONSOLE_PROFESSIONAL = 'Jean-Baptiste-Emmanuel Delacroix-Montmorency-Laval';

/** The console's pages in `locale`: [name, markup], and the long values each shows. */
export function consolePages(locale: Locale): Array<{ name: string; markup: string; mustFit: string[] }> {
  const at = new Date('2026-11-30T18:00:00Z');
  const frame = {
    locale,
    professionalName: CONSOLE_PROFESSIONAL,
    providerName: CONSOLE_PROVIDER,
    roles: ['Invitations.Send', 'Clients.Manage'] as const,
    csrf: 'csrf-token',
    current: 'home' as const,
    here: '/api/console',
  };
  return [
    {
      name: 'console home',
      markup: renderConsoleHome(
        { ...frame, roles: [...frame.roles] },
        {
          providerName: CONSOLE_PROVIDER,
          counts: {
            pending: 12_345,
            expiringSoon: 678,
            deliveryFailed: 9,
            acceptedThisWeek: 1_024,
            weekStart: weekStartInParis(at),
            at,
          },
        },
      ).value,
      mustFit: [CONSOLE_PROVIDER, CONSOLE_PROFESSIONAL],
    },
    ...invitePages(locale, { ...frame, roles: [...frame.roles], current: 'invite' as const }),
    ...consoleInvitationPages(
      { ...frame, roles: [...frame.roles] },
      { provider: CONSOLE_PROVIDER, professional: CONSOLE_PROFESSIONAL },
    ),
    ...consoleClientPages({ ...frame, roles: [...frame.roles] }, { provider: CONSOLE_PROVIDER }),
    ...consoleMergePages({ ...frame, roles: [...frame.roles] }),
    {
      name: 'console refusal (no role)',
      markup: renderConsoleRefusedPage({
        locale,
        reason: 'role-missing',
        role: 'Invitations.Send',
        signedIn: { professionalName: CONSOLE_PROFESSIONAL, csrf: 'csrf-token' },
      }).value,
      mustFit: [CONSOLE_PROFESSIONAL],
    },
    {
      name: 'console refusal (no provider)',
      markup: renderConsoleRefusedPage({
        locale,
        reason: 'no-provider',
        signedIn: { professionalName: CONSOLE_PROFESSIONAL, csrf: 'csrf-token' },
      }).value,
      mustFit: [CONSOLE_PROFESSIONAL],
    },
    {
      name: 'console refusal (untrusted form)',
      markup: renderConsoleRefusedPage({
        locale,
        reason: 'untrusted-post',
        signedIn: { professionalName: CONSOLE_PROFESSIONAL, csrf: 'csrf-token' },
      }).value,
      mustFit: [CONSOLE_PROFESSIONAL],
    },
    {
      name: 'console refusal (untrusted form, nobody signed in)',
      markup: renderConsoleRefusedPage({ locale, reason: 'untrusted-post' }).value,
      mustFit: [],
    },
    { name: 'console signed out', markup: renderConsoleSignedOutPage({ locale }).value, mustFit: [] },
    { name: 'console unavailable', markup: renderConsoleUnavailablePage({ locale }).value, mustFit: [] },
    ...(['cancelled', 'state-mismatch', 'sign-in-failed'] as const).map((problem) => ({
      name: `console sign-in problem (${problem})`,
      markup: renderConsoleSignInProblemPage({ locale, problem }).value,
      mustFit: [],
    })),
  ];
}

/** The Invite form (empty; with every problem and a refusal) and the pages after it. */
function invitePages(locale: Locale, frame: Parameters<typeof renderConsoleInvite>[0]) {
  const formToken = '00000000-0000-4000-8000-000000000000';
  const empty = emptyInviteForm(locale);
  const wrong = {
    ...empty,
    email: 'jean-baptiste-emmanuel.delacroix-montmorency-laval@gfms-services-techniques.example',
    firstName: '',
    phone: '12',
    expiresInDays: '45',
    message: 'x'.repeat(501),
    company: { ...empty.company, name: 'A', registrationNumber: '123' },
  };
  const read = readInviteForm(wrong);
  const sent = {
    invitationId: '7ecbaadb-3c74-4d57-90aa-7d0678fd81f6',
    name: CONSOLE_PROFESSIONAL,
    email: 'jean-baptiste-emmanuel.delacroix-montmorency-laval@gfms-services-techniques.example',
    expiresAt: new Date('2026-12-07T18:00:00Z'),
  };
  const link = `https://onboarding.example/api/InviteUser?invitationId=00000000-0000-4000-8000-000000000000&key=${'k'.repeat(43)}`;
  return [
    {
      name: 'console invite',
      markup: renderConsoleInvite(frame, { values: empty, formToken, providerName: CONSOLE_PROVIDER }).value,
      mustFit: [CONSOLE_PROVIDER],
    },
    {
      name: 'console invite (problems, already invited)',
      markup: renderConsoleInvite(frame, {
        values: wrong,
        problems: read.ok ? undefined : read.problems,
        refusal: { kind: 'already-invited', invitationId: formToken },
        formToken,
        providerName: CONSOLE_PROVIDER,
      }).value,
      mustFit: [CONSOLE_PROVIDER],
    },
    { name: 'console invite sent (email)', markup: renderConsoleInviteSent(frame, sent).value, mustFit: [] },
    {
      name: 'console invite sent (link)',
      markup: renderConsoleInviteSent(frame, { ...sent, link: { kind: 'shown', url: link } }).value,
      mustFit: [],
    },
    {
      name: 'console invite sent (link shown already)',
      markup: renderConsoleInviteSent(frame, { ...sent, link: { kind: 'gone' } }).value,
      mustFit: [],
    },
    { name: 'console invitation not found', markup: renderConsoleInvitationNotFound(frame).value, mustFit: [] },
  ];
}
