/**
 * The names of the professional console's cookies, alone (no crypto): the OpenAPI document names them without loading
 * the sealing code (`console-session.ts` seals and opens them).
 */
export const CONSOLE_COOKIE = '__Host-console';
export const CONSOLE_SIGN_IN_COOKIE = '__Host-console-signin';
/** The link of a "give me the link" invitation, on its way from the Invite form to the page that shows it once. */
export const CONSOLE_INVITE_LINK_COOKIE = '__Host-console-link';
