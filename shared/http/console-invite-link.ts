/**
 * "Give me the link": the Invite form's 303 cannot carry the link in its URL (URLs end up in logs and history), so the
 * link travels to the page that shows it in `__Host-console-link` — sealed under a key of its own purpose, HttpOnly,
 * 10 minutes — and that page clears it: the link is shown once. It is never stored on the server (the invitation keeps
 * only the key's hash), so a lost link is replaced by a resend.
 */
import type { Cookie, HttpRequest } from '@azure/functions';
import { CONSOLE_INVITE_LINK_COOKIE } from './console-cookie-names.js';
import { clearedCookie, hostCookie, readCookie, type Sealer, sealer } from './sealed-cookies.js';

export const INVITE_LINK_TTL_SECONDS = 10 * 60;

export interface InviteLink {
  invitationId: string;
  url: string;
}

export type InviteLinks = Sealer<InviteLink> & { now: () => Date };

export function inviteLinks(sessionKeys: string[], now: () => Date = () => new Date()): InviteLinks {
  return { ...sealer<InviteLink>(sessionKeys, 'console-invite-link', now), now };
}

export async function inviteLinkCookie(links: InviteLinks, link: InviteLink): Promise<Cookie> {
  const exp = Math.floor(links.now().getTime() / 1000) + INVITE_LINK_TTL_SECONDS;
  return hostCookie(CONSOLE_INVITE_LINK_COOKIE, await links.seal(link, exp), INVITE_LINK_TTL_SECONDS);
}

/** The link of `invitationId` the browser brought, if any (another invitation's, a forged or old one: none). */
export async function readInviteLink(
  request: HttpRequest,
  links: InviteLinks,
  invitationId: string,
): Promise<string | undefined> {
  const link = await links.open(readCookie(request, CONSOLE_INVITE_LINK_COOKIE));
  return link?.invitationId === invitationId ? link.url : undefined;
}

export const spentInviteLinkCookie = (): Cookie => clearedCookie(CONSOLE_INVITE_LINK_COOKIE);
