/**
 * The names of the service's two cookies (sealed in `sealed-cookies.ts`), on their own so the OpenAPI document can
 * name them without loading the crypto that seals them.
 */
export const SESSION_COOKIE = '__Host-session';
export const SIGN_IN_COOKIE = '__Host-signin';
