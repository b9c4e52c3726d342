/**
 * The names of the professional console's cookies, alone (no crypto): the OpenAPI document names them without loading
 * the sealing code (`console-session.ts` seals and opens them).
 */
export const CONSOLE_COOKIE = '__Host-console';
export const CONSOLE_SIGN_IN_COOKIE = '__Host-console-signin';
