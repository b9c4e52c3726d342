/**
 * The Invitations list's address, read: its filters as the form shows them (`ListFilterValues`, kept as typed) and as
 * the use case asks them (`InvitationQuery`), or each filter's problem. Dates are days in Paris (`2026-11-30`): "from"
 * is that day's 00:00 there, "until" includes the whole day. Home's counts link here with `homeCountQueries`.
 */
import { normalizeEmail } from '../domain/email-address.js';
import { INVITATION_STATUSES, type InvitationStatus } from '../domain/invitation.js';
import type { ListingOrder } from '../domain/ports.js';
import { midnightInParis, weekStartInParis } from '../domain/use-cases/console.js';
import type { InvitationQuery } from '../domain/use-cases/manage-invitations.js';

/** Home's narrower lists (each count of Home is one, with a status). */
export const LIST_ONLY = ['expiring', 'delivery-failed', 'accepted-this-week'] as const;
export type ListOnly = (typeof LIST_ONLY)[number];

/** A page of the list shows this many invitations. */
export const LIST_PAGE_SIZE = 25;

export interface ListFilterValues {
  status: InvitationStatus | '';
  email: string;
  from: string;
  to: string;
  only: ListOnly | '';
  order: ListingOrder;
}

export type ListFilterProblem = 'email' | 'from' | 'to' | 'invalid';

export type ListQueryReading =
  | { ok: true; values: ListFilterValues; query: InvitationQuery; cursor?: string }
  | { ok: false; values: ListFilterValues; problems: Partial<Record<ListFilterProblem, true>> };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A day typed as `YYYY-MM-DD`, as its year, month and day; undefined when it is not a day of the calendar. */
function dayOf(text: string): { y: number; m: number; d: number } | undefined {
  const match = DAY.exec(text);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 2000 || y > 2200 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return { y, m, d };
}

const oneOf = <T extends string>(values: readonly T[], text: string): T | undefined =>
  (values as readonly string[]).includes(text) ? (text as T) : undefined;

export function readListQuery(params: URLSearchParams, now: Date): ListQueryReading {
  const text = (name: string) => (params.get(name) ?? '').trim().slice(0, 300);
  const problems: Partial<Record<ListFilterProblem, true>> = {};
  const status = text('status') === '' ? '' : oneOf(INVITATION_STATUSES, text('status'));
  const only = text('only') === '' ? '' : oneOf(LIST_ONLY, text('only'));
  const order = text('order') === '' ? 'newest' : oneOf(['newest', 'oldest'] as const, text('order'));
  const values: ListFilterValues = {
    status: status ?? '',
    email: text('email'),
    from: text('from'),
    to: text('to'),
    only: only ?? '',
    order: order ?? 'newest',
  };
  if (status === undefined || only === undefined || order === undefined) problems.invalid = true;
  const cursor = params.get('cursor') ?? undefined;
  if (cursor !== undefined && (cursor.length === 0 || cursor.length > 2000)) problems.invalid = true;

  const email = values.email ? normalizeEmail(values.email) : undefined;
  if (values.email && !email) problems.email = true;
  const from = values.from ? dayOf(values.from) : undefined;
  if (values.from && !from) problems.from = true;
  const to = values.to ? dayOf(values.to) : undefined;
  if (values.to && !to) problems.to = true;
  const createdFrom = from && midnightInParis(from.y, from.m, from.d);
  const createdBefore = to && midnightInParis(to.y, to.m, to.d + 1);
  if (createdFrom && createdBefore && createdBefore <= createdFrom) problems.to = true;
  if (Object.keys(problems).length > 0) return { ok: false, values, problems };

  const query: InvitationQuery = {
    limit: LIST_PAGE_SIZE,
    order: values.order,
    ...(values.status ? { status: values.status } : {}),
    ...(email ? { email } : {}),
    ...(createdFrom ? { createdFrom } : {}),
    ...(createdBefore ? { createdBefore } : {}),
    ...(values.only === 'expiring' ? { expiresWithinHours: 48 } : {}),
    ...(values.only === 'delivery-failed' ? { deliveryFailed: true } : {}),
    ...(values.only === 'accepted-this-week' ? { acceptedSince: weekStartInParis(now) } : {}),
    ...(cursor ? { cursor } : {}),
  };
  return { ok: true, values, query, ...(cursor ? { cursor } : {}) };
}

/** The list's query string of these filters (empty ones left out), for links (paging, the language switch). */
export function listQueryParams(values: ListFilterValues, extra: Record<string, string> = {}): Record<string, string> {
  const params: Record<string, string> = {};
  for (const name of ['status', 'email', 'from', 'to', 'only'] as const) if (values[name]) params[name] = values[name];
  if (values.order !== 'newest') params.order = values.order;
  return { ...params, ...extra };
}
