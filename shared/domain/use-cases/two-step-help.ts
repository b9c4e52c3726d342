/**
 * "Pas d'accès à l'application" (issue 14, docs/two-step-help.md): a client whose authenticator app is gone asks the
 * people who manage their account at their provider — its professionals with `Clients.Manage`, known once they have
 * signed in to the console (the provider's support address when none is known) — to turn two-step verification off;
 * a professional does it from the client's sheet. Nobody can for a client of another provider (`client-not-found`).
 *
 * - `recordConsoleProfessional`: each console sign-in remembers the professional for their provider.
 * - `askTwoStepHelp`: the client's request, at most `TWO_STEP_HELP_LIMIT` per account per 24 h, emailed to each.
 * - `turnOffTwoStep`: the professional's action: the switch, the file's two-step history, the client's email.
 */
import type { AccountEmails } from '../account-email.js';
import { type ClientFileStore, TWO_STEP_EVENTS_KEPT, type TwoStepEvent } from '../client-file.js';
import { normalizeEmail } from '../email-address.js';
import { DomainError } from '../errors.js';
import type { Locale } from '../locale.js';
import type {
  ClientStore,
  Clock,
  KnownProfessional,
  Limits,
  ProfessionalRoster,
  ProviderDirectory,
  SignedInProfessional,
  TwoStepSwitch,
} from '../ports.js';
import type { ActingProfessional } from '../provider.js';
import { type ClientFileDeps, type ClientSheet, clientSheet, findOwnClientFile } from './client-files.js';

/** The role whose holders are asked (and may turn it off). */
export const MANAGER_ROLE = 'Clients.Manage';
/** Requests for help an account may make in `TWO_STEP_HELP_WINDOW_SECONDS` (sliding). */
export const TWO_STEP_HELP_LIMIT = 3;
export const TWO_STEP_HELP_WINDOW_SECONDS = 24 * 3600;
/** The longest reason a professional may give (the API's schema says the same). */
export const TWO_STEP_REASON_MAX = 500;

export const twoStepHelpLimitKey = (clientKey: string) => `two-step-help|${clientKey}`;

export interface RecordProfessionalDeps {
  clock: Clock;
  roster: Pick<ProfessionalRoster, 'record'>;
  providers: Pick<ProviderDirectory, 'providerOf'>;
}

/**
 * Remembers who signed in to the console, for the provider they act for (found as every console page finds it):
 * name, address (when the token's username is one), `Clients.Manage` or not. Undefined when they act for none.
 */
export async function recordConsoleProfessional(
  deps: RecordProfessionalDeps,
  professional: SignedInProfessional,
  locale: Locale,
): Promise<KnownProfessional | undefined> {
  if (professional.kind !== 'user') return undefined;
  const providerId = await deps.providers.providerOf(professional);
  if (!providerId) return undefined;
  const email = professional.username ? normalizeEmail(professional.username) : undefined;
  const known: KnownProfessional = {
    tenantId: professional.tenantId,
    oid: professional.oid,
    name: professional.name,
    ...(email ? { email } : {}),
    manages: professional.roles.includes(MANAGER_ROLE),
    locale,
    seenAt: deps.clock.now(),
  };
  await deps.roster.record(providerId, known);
  return known;
}

export interface TwoStepHelpDeps {
  clock: Clock;
  limits: Pick<Limits, 'takeSliding'>;
  roster: Pick<ProfessionalRoster, 'list'>;
  providers: Pick<ProviderDirectory, 'get'>;
  accountEmails: AccountEmails;
}

/** Who the client asked: at one provider, its professionals (by name) or its support address. */
export interface HelpRecipients {
  providerName: string;
  professionals: { name: string; email: string }[];
  supportEmail?: string;
}

export type TwoStepHelpResult =
  | { kind: 'asked'; asked: HelpRecipients[] }
  | { kind: 'nobody' }
  | { kind: 'limited'; retryAfterSeconds: number };

/** The client asking: their session's account and the providers where they are (their one place, or their choices). */
export interface HelpRequester {
  clientKey: string;
  name: string;
  email: string;
  locale: Locale;
  providerIds: readonly string[];
}

/** The provider's professionals to ask: those who held `Clients.Manage` at their last console sign-in, with an address. */
export const managersOf = (known: readonly KnownProfessional[]) =>
  known.filter((p): p is KnownProfessional & { email: string } => p.manages && p.email !== undefined);

export async function askTwoStepHelp(deps: TwoStepHelpDeps, who: HelpRequester): Promise<TwoStepHelpResult> {
  const limited = await deps.limits.takeSliding(twoStepHelpLimitKey(who.clientKey), [
    { limit: TWO_STEP_HELP_LIMIT, windowSeconds: TWO_STEP_HELP_WINDOW_SECONDS },
  ]);
  if (!limited.allowed) return { kind: 'limited', retryAfterSeconds: limited.retryAfterSeconds };
  const at = deps.clock.now();
  const asked: HelpRecipients[] = [];
  const sent = new Set<string>();
  for (const providerId of [...new Set(who.providerIds)]) {
    const provider = await deps.providers.get(providerId);
    if (!provider) continue;
    const managers = managersOf(await deps.roster.list(providerId));
    const targets: { to: string; locale: Locale }[] =
      managers.length > 0
        ? managers.map((m) => ({ to: m.email, locale: m.locale }))
        : provider.supportEmail
          ? [{ to: provider.supportEmail, locale: who.locale }]
          : [];
    if (targets.length === 0) continue;
    for (const target of targets) {
      if (sent.has(`${providerId}|${target.to}`)) continue;
      sent.add(`${providerId}|${target.to}`);
      await deps.accountEmails.queue({
        kind: 'two-step-help',
        to: target.to,
        locale: target.locale,
        at,
        providerName: provider.name,
        clientName: who.name,
        clientEmail: who.email,
      });
    }
    asked.push(
      managers.length > 0
        ? { providerName: provider.name, professionals: managers.map((m) => ({ name: m.name, email: m.email })) }
        : { providerName: provider.name, professionals: [], supportEmail: provider.supportEmail! },
    );
  }
  return asked.length > 0 ? { kind: 'asked', asked } : { kind: 'nobody' };
}

export interface TurnOffTwoStepDeps extends ClientFileDeps {
  files: ClientFileStore;
  clients: Pick<ClientStore, 'profile' | 'passwordChangedAt'>;
  twoStep: TwoStepSwitch;
  providers: Pick<ProviderDirectory, 'get'>;
  accountEmails: AccountEmails;
}

export interface TurnOffResult {
  sheet: ClientSheet;
  event: TwoStepEvent;
}

const WRITE_TRIES = 3;
const isCode = (error: unknown, code: DomainError['code']) => error instanceof DomainError && error.code === code;

/**
 * Turns two-step verification off on the account of the provider's client `clientId`: `client-not-found` for another
 * provider's (or no) file, `no-account` before the person has an account, `two-step-off` when it was not on. The
 * switch first (its own If-Match), then the file's history (retried over a file that moved), then the client's email.
 */
export async function turnOffTwoStep(
  deps: TurnOffTwoStepDeps,
  professional: ActingProfessional,
  clientId: string,
  options: { reason?: string | undefined } = {},
): Promise<TurnOffResult> {
  const file = (await findOwnClientFile(deps, professional, clientId)).value;
  const profile = file.accountKey ? await deps.clients.profile(file.accountKey) : undefined;
  if (!file.accountKey || !profile) {
    throw new DomainError(
      'no-account',
      'The client has not signed in yet: there is no two-step verification to turn off.',
    );
  }
  const at = deps.clock.now();
  if (!(await deps.twoStep.turnOff(file.accountKey, at))) {
    throw new DomainError('two-step-off', 'Two-step verification is not on for this client.');
  }
  const reason = options.reason?.trim();
  const event: TwoStepEvent = { event: 'turned-off', at, by: professional.name, ...(reason ? { reason } : {}) };
  for (let attempt = 1; ; attempt++) {
    const current = await findOwnClientFile(deps, professional, clientId);
    const events = [...(current.value.twoStepEvents ?? []), event].slice(-TWO_STEP_EVENTS_KEPT);
    try {
      await deps.files.replace({ ...current.value, twoStepEvents: events, updatedAt: at }, current);
      break;
    } catch (error) {
      if (isCode(error, 'concurrent-update') && attempt < WRITE_TRIES) continue;
      throw error;
    }
  }
  const provider = await deps.providers.get(file.providerId);
  await deps.accountEmails.queue({
    kind: 'two-step-off',
    to: profile.account.email,
    locale: file.locale,
    at,
    providerName: provider?.name ?? '',
  });
  return { sheet: await clientSheet(deps, professional, clientId), event };
}
