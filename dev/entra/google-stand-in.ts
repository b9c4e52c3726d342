/**
 * Google, as External ID federates with it, stood in for locally: when the app's user flow offers Google
 * (`AppRegistration.googleSignIn`, set up through Graph by `npm run tenant -- setup`), the sign-in and sign-up pages
 * link to `/{tenant}/login/google`, a page clearly marked as the local stand-in of Google's consent, where the tester
 * says which Google account signs in: its email, and whether Google says the email is verified (Google's ID token's
 * `email` and `email_verified`). The local Entra then signs that Google account in, or signs it up, as External ID does:
 * one account per Google account, found by its federated identity `{ signInType: 'federated', issuer: 'google.com',
 * issuerAssignedId: <Google's sub> }`; at sign-up, Google's email, when Google verified it, becomes the account's
 * `mail` and is kept in `otherMails`; an unverified Google email is not taken (the account has no `mail`, and its tokens
 * no `email`). docs/decisions.md, "Google-federated clients".
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { EntraContext } from './context.js';
import { maskEmail } from './context.js';
import type { TenantSpec } from './directory.js';
import { googleMessages } from './google-messages.js';
import { errorBox, field, html, layout } from './html.js';
import { sendHtml } from './http.js';
import { messages } from './messages.js';
import { afterAuthentication, canSignUp, pageContext, renderError } from './sign-in-flow.js';
import type { Transaction } from './transactions.js';

export const GOOGLE_ISSUER = 'google.com';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Google's `sub` for an account: 21 digits, stable for the same address (the stand-in has no other account id). */
export function googleSubject(email: string): string {
  const digest = createHash('sha256').update(`google|${email.trim().toLowerCase()}`).digest();
  return `1${digest.readBigUInt64BE(0).toString().padStart(20, '0').slice(0, 20)}`;
}

function standInPage(
  ctx: EntraContext,
  tenant: TenantSpec,
  tx: Transaction,
  values: { email?: string; verified?: boolean; error?: string },
): { html: string; nonce: string } {
  const page = pageContext(ctx, tenant, tx);
  const g = googleMessages(page.locale);
  const checked = values.verified !== false;
  const body = html`<h1>${g.title}</h1>
<p class="notice" role="note">${g.notice}</p>
<p>${g.intro(page.appName)}</p>
<form method="post" action="${page.basePath}/google" novalidate>
<input type="hidden" name="tx" value="${page.tx.id}"><input type="hidden" name="csrf" value="${page.tx.csrf}">
${errorBox(values.error)}
${field({ id: 'email', label: g.email, type: 'email', autocomplete: 'email', value: values.email ?? '', autofocus: true, invalid: !!values.error })}
<p><input type="checkbox" id="emailVerified" name="emailVerified" value="yes"${checked ? ' checked' : ''}>
<label for="emailVerified">${g.verified}</label></p>
<div class="actions"><button type="submit">${g.continue}</button></div>
</form>
<p><a href="${page.basePath}/signin?tx=${page.tx.id}">${g.back}</a></p>`;
  return {
    nonce: page.nonce,
    html: layout({
      locale: page.locale,
      title: `${g.title} – ${tenant.displayName}`,
      banner: g.banner,
      nonce: page.nonce,
      body,
    }),
  };
}

function googleOffered(ctx: EntraContext, tenant: TenantSpec, tx: Transaction): boolean {
  return tenant.kind === 'external' && ctx.directory.app(tenant, tx.request.clientId)?.googleSignIn === true;
}

/** GET /{tenant}/login/google?tx=…: the stand-in of Google's consent page. */
export function googleStandIn(ctx: EntraContext, res: ServerResponse, tenant: TenantSpec, tx: Transaction) {
  if (!googleOffered(ctx, tenant, tx)) {
    return renderError(ctx, res, tenant, tx, googleMessages(tx.request.locale).errorNotOffered);
  }
  const email = tx.signUp?.email ?? tx.request.loginHint ?? '';
  const page = standInPage(ctx, tenant, tx, { email });
  sendHtml(res, 200, page.html, page.nonce);
}

/** POST /{tenant}/login/google: Google answered with this account; sign it in, or sign it up. */
export async function googleSignIn(
  ctx: EntraContext,
  res: ServerResponse,
  tenant: TenantSpec,
  tx: Transaction,
  form: URLSearchParams,
): Promise<void> {
  const g = googleMessages(tx.request.locale);
  if (tx.userId) return renderError(ctx, res, tenant, tx, messages(tx.request.locale).errorExpired);
  if (!googleOffered(ctx, tenant, tx)) return renderError(ctx, res, tenant, tx, g.errorNotOffered);
  const email = (form.get('email') ?? '').trim();
  const verified = form.get('emailVerified') === 'yes';
  if (!EMAIL.test(email) || email.length > 254) {
    const page = standInPage(ctx, tenant, tx, { email, verified, error: g.errorEmail });
    return sendHtml(res, 200, page.html, page.nonce);
  }
  const sub = googleSubject(email);
  const existing = ctx.users
    .list(tenant.id)
    .find((u) =>
      u.identities.some(
        (i) => i.signInType === 'federated' && i.issuer === GOOGLE_ISSUER && i.issuerAssignedId === sub,
      ),
    );
  if (existing) {
    if (!existing.accountEnabled) return renderError(ctx, res, tenant, tx, messages(tx.request.locale).errorLocked);
    ctx.log(`user ${existing.id} signed in with Google in tenant ${tenant.id}`);
    tx.authTime = ctx.now();
    return afterAuthentication(ctx, res, tenant, tx, existing);
  }
  if (!canSignUp(tenant, ctx.directory.app(tenant, tx.request.clientId))) {
    return renderError(ctx, res, tenant, tx, messages(tx.request.locale).errorSignUpDisabled);
  }
  const user = await ctx.users.create(tenant, {
    displayName: email.split('@')[0] ?? email,
    mail: verified ? email : null,
    otherMails: verified ? [email] : [],
    identities: [{ signInType: 'federated', issuer: GOOGLE_ISSUER, issuerAssignedId: sub }],
    emailVerified: verified,
    creationType: null,
    // A federated account has no password of its own: one nobody knows.
    password: randomBytes(32).toString('base64url'),
  });
  ctx.log(
    `user ${user.id} signed up with Google in tenant ${tenant.id} (${maskEmail(email)}, ${verified ? 'verified' : 'unverified'} by Google)`,
  );
  tx.authTime = ctx.now();
  return afterAuthentication(ctx, res, tenant, tx, user);
}
