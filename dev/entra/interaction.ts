/**
 * The forms of the sign-in experience, under /{tenant}/login/…: sign-in, sign-up (send code, then verify
 * code and choose a password), forced password change, and consent. Each POST must carry the transaction
 * id and CSRF token of a live transaction started by this same browser.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntraContext } from './context.js';
import { maskEmail } from './context.js';
import type { TenantSpec } from './directory.js';
import { googleSignIn, googleStandIn } from './google-stand-in.js';
import { HttpProblem, parseCookies, readForm, sendHtml } from './http.js';
import { type Messages, messages } from './messages.js';
import { changePasswordPage, errorPage, signInPage, signUpPage, verifyPage } from './pages.js';
import { hashPassword, type PasswordProblem, passwordProblem, verifyPassword } from './passwords.js';
import {
  afterAuthentication,
  BROWSER_COOKIE,
  cspNonce,
  deliverError,
  finish,
  pageContext,
  renderError,
  ssoAccount,
} from './sign-in-flow.js';
import { sendSignUpCode } from './sign-up-code.js';
import { hashSecret, SIGN_UP_CODE_ATTEMPTS, sameSecret, type Transaction } from './transactions.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/**
 * A `userName` sign-in name (objectIdentity: a letter or digit, then letters, digits, `-`, `_`; 64 at most): External
 * ID lets local accounts sign in with one ("Sign in with an alias or username"), and Graph lets an admin give an
 * account one while setting its `mail` to any address — so the stand-in signs them in, as Entra does.
 */
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
let decoyHash: Promise<string> | undefined;

/** Checked when the email is unknown, so a wrong email costs as long as a wrong password. */
async function decoyCheck(password: string): Promise<false> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await decoyHash);
  return false;
}

function policyMessage(m: Messages, problem: PasswordProblem): string {
  if (problem === 'length') return m.errorPasswordLength;
  return problem === 'unicode' ? m.errorPasswordUnicode : m.errorPasswordComplexity;
}

const lockedMessage = (m: Messages, ms: number) => m.errorLockedOut(Math.max(1, Math.ceil(ms / 60_000)));

export async function loginAction(
  ctx: EntraContext,
  req: IncomingMessage,
  res: ServerResponse,
  tenant: TenantSpec,
  action: string,
  url: URL,
): Promise<void> {
  const browser = parseCookies(req).get(`__Host-${BROWSER_COOKIE}`);
  if (req.method === 'GET') {
    // The "Create one" / "Sign in" links switch pages within the same transaction; they change nothing else.
    const tx = ctx.interactions.find(url.searchParams.get('tx') ?? '', browser, undefined);
    if (!tx || tx.request.tenantId !== tenant.id || tx.userId) return expired(ctx, res, tenant);
    if (action === 'google') return googleStandIn(ctx, res, tenant, tx);
    const page = pageContext(ctx, tenant, tx);
    const email = tx.signUp?.email ?? tx.request.loginHint ?? '';
    if (action === 'signup' && page.allowSignUp) {
      tx.stage = 'signup';
      return sendHtml(res, 200, signUpPage(page, { email }), page.nonce);
    }
    tx.stage = 'signin';
    return sendHtml(res, 200, signInPage(page, { email }), page.nonce);
  }
  if (req.method !== 'POST') throw new HttpProblem(405, 'Method not allowed');
  const form = await readForm(req);
  const tx = ctx.interactions.find(form.get('tx') ?? '', browser, form.get('csrf') ?? '');
  if (!tx || tx.request.tenantId !== tenant.id) return expired(ctx, res, tenant);
  switch (action) {
    case 'signin':
      return signIn(ctx, res, tenant, tx, form);
    case 'signup':
      return sendCode(ctx, res, tenant, tx, form);
    case 'verify':
      return verify(ctx, res, tenant, tx, form);
    case 'password':
      return changePassword(ctx, res, tenant, tx, form);
    case 'consent':
      return consent(ctx, res, tenant, tx, form);
    case 'google':
      return googleSignIn(ctx, res, tenant, tx, form);
    case 'account':
      return pickedAccount(ctx, req, res, tenant, tx);
    default:
      throw new HttpProblem(404, 'Not found');
  }
}

/** No live transaction for this browser: its language is unknown too, so the page is in English. */
function expired(ctx: EntraContext, res: ServerResponse, tenant: TenantSpec): void {
  const m = messages('en');
  const nonce = cspNonce();
  ctx.log(`login form refused in tenant ${tenant.id}: no live transaction for this browser`);
  sendHtml(res, 400, errorPage({ locale: 'en', m, nonce, tenantName: tenant.displayName }, m.errorExpired), nonce);
}

async function signIn(
  ctx: EntraContext,
  res: ServerResponse,
  tenant: TenantSpec,
  tx: Transaction,
  form: URLSearchParams,
) {
  if (tx.userId) return renderError(ctx, res, tenant, tx, messages(tx.request.locale).errorExpired);
  const page = pageContext(ctx, tenant, tx);
  const { m } = page;
  const email = (form.get('email') ?? '').trim();
  const password = form.get('password') ?? '';
  const again = (error: string) => sendHtml(res, 200, signInPage(page, { email, error }), page.nonce);
  if (!EMAIL.test(email) && !USER_NAME.test(email)) return again(m.errorEmail);
  if (!password) return again(m.errorPassword);
  const user = ctx.users.findByPasswordSignIn(tenant, email);
  const lockedFor = user ? ctx.lockout.lockedFor(user.id) : 0;
  if (user && lockedFor > 0) {
    ctx.log(`sign-in refused for user ${user.id}: locked out (smart lockout)`);
    return again(lockedMessage(m, lockedFor));
  }
  const ok = user ? await ctx.users.checkPassword(user, password) : await decoyCheck(password);
  if (!user || !ok) {
    ctx.log(`sign-in failed for ${maskEmail(email)} in tenant ${tenant.id}: bad credentials`);
    const locks = user ? ctx.lockout.recordFailure(user.id) : 0;
    if (locks > 0) {
      ctx.log(`user ${user?.id} locked out for ${locks / 1000} s after repeated failed sign-ins`);
      return again(lockedMessage(m, locks));
    }
    return again(m.errorBadCredentials);
  }
  ctx.lockout.recordSuccess(user.id);
  // Said only after the password proved who is asking, so it tells a stranger nothing.
  if (!user.accountEnabled) {
    ctx.log(`sign-in refused for user ${user.id}: account disabled`);
    return again(m.errorLocked);
  }
  tx.authTime = ctx.now();
  return afterAuthentication(ctx, res, tenant, tx, user);
}

async function sendCode(
  ctx: EntraContext,
  res: ServerResponse,
  tenant: TenantSpec,
  tx: Transaction,
  form: URLSearchParams,
) {
  const page = pageContext(ctx, tenant, tx);
  const { m } = page;
  if (!page.allowSignUp || tx.userId) return renderError(ctx, res, tenant, tx, m.errorSignUpDisabled);
  const email = (form.get('email') ?? '').trim();
  const again = (error: string) => sendHtml(res, 200, signUpPage(page, { email, error }), page.nonce);
  if (!EMAIL.test(email) || email.length > 254) return again(m.errorEmail);
  if (ctx.users.findBySignInName(tenant.id, email)) return again(m.errorAccountExists);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  try {
    await sendSignUpCode(ctx, tenant, email, code, tx.request.locale);
  } catch (error) {
    ctx.log(`verification email to ${maskEmail(email)} failed: ${(error as Error).message}`);
    return again(m.errorSendFailed);
  }
  tx.signUp = {
    email,
    codeHash: hashSecret(code),
    codeExpiresAt: ctx.now() + 10 * 60 * 1000,
    attemptsLeft: SIGN_UP_CODE_ATTEMPTS,
    verified: false,
  };
  tx.stage = 'verify';
  sendHtml(res, 200, verifyPage(page, { email, verified: false }), page.nonce);
}

async function verify(
  ctx: EntraContext,
  res: ServerResponse,
  tenant: TenantSpec,
  tx: Transaction,
  form: URLSearchParams,
) {
  const page = pageContext(ctx, tenant, tx);
  const { m } = page;
  const signUp = tx.signUp;
  if (!signUp || tx.stage !== 'verify') return renderError(ctx, res, tenant, tx, m.errorExpired);
  const again = (error: string, invalid: 'code' | 'password') =>
    sendHtml(
      res,
      200,
      verifyPage(page, { email: signUp.email, verified: signUp.verified, error, invalid }),
      page.nonce,
    );
  if (!signUp.verified) {
    if (signUp.codeExpiresAt < ctx.now() || signUp.attemptsLeft <= 0) return again(m.errorCodeExpired, 'code');
    const code = (form.get('code') ?? '').replace(/\s+/g, '');
    if (!sameSecret(hashSecret(code), signUp.codeHash)) {
      signUp.attemptsLeft -= 1;
      return again(signUp.attemptsLeft > 0 ? m.errorCodeWrong : m.errorCodeExpired, 'code');
    }
    signUp.verified = true;
  }
  const password = form.get('password') ?? '';
  const problem = passwordProblem(password);
  if (problem) return again(policyMessage(m, problem), 'password');
  if (ctx.users.findBySignInName(tenant.id, signUp.email)) {
    tx.stage = 'signup';
    return sendHtml(res, 200, signUpPage(page, { email: signUp.email, error: m.errorAccountExists }), page.nonce);
  }
  const user = await ctx.users.create(tenant, {
    displayName: signUp.email.split('@')[0] ?? signUp.email,
    mail: signUp.email,
    identities: [{ signInType: 'emailAddress', issuer: tenant.domain, issuerAssignedId: signUp.email }],
    emailVerified: true,
    creationType: 'LocalAccount',
    password,
  });
  ctx.log(`user ${user.id} signed up in tenant ${tenant.id} (${maskEmail(signUp.email)})`);
  tx.authTime = ctx.now();
  return afterAuthentication(ctx, res, tenant, tx, user);
}

async function changePassword(
  ctx: EntraContext,
  res: ServerResponse,
  tenant: TenantSpec,
  tx: Transaction,
  form: URLSearchParams,
) {
  const page = pageContext(ctx, tenant, tx);
  const { m } = page;
  const user = tx.userId ? ctx.users.get(tenant.id, tx.userId) : undefined;
  if (!user || tx.stage !== 'password') return renderError(ctx, res, tenant, tx, m.errorExpired);
  const current = form.get('currentPassword') ?? '';
  const next = form.get('newPassword') ?? '';
  const again = (error: string, invalid: 'current' | 'new') =>
    sendHtml(res, 200, changePasswordPage(page, { error, invalid }), page.nonce);
  if (!(await ctx.users.checkPassword(user, current))) return again(m.errorCurrentPassword, 'current');
  const problem = passwordProblem(next);
  if (problem) return again(policyMessage(m, problem), 'new');
  if (next === current) return again(m.errorSamePassword, 'new');
  await ctx.users.update(user, { password: next, forceChangePasswordNextSignIn: false });
  ctx.log(`user ${user.id} changed their password at sign-in`);
  return afterAuthentication(ctx, res, tenant, tx, user);
}

/** prompt=select_account: the person picked the account of the browser's session; it goes on as that session. */
function pickedAccount(
  ctx: EntraContext,
  req: IncomingMessage,
  res: ServerResponse,
  tenant: TenantSpec,
  tx: Transaction,
) {
  const signedIn = ssoAccount(ctx, req, tenant);
  if (tx.stage !== 'account' || tx.userId || !signedIn) {
    return renderError(ctx, res, tenant, tx, messages(tx.request.locale).errorExpired);
  }
  tx.sessionState = signedIn.session.sessionState;
  tx.authTime = signedIn.session.authTime;
  return afterAuthentication(ctx, res, tenant, tx, signedIn.user);
}

async function consent(
  ctx: EntraContext,
  res: ServerResponse,
  tenant: TenantSpec,
  tx: Transaction,
  form: URLSearchParams,
) {
  const user = tx.userId ? ctx.users.get(tenant.id, tx.userId) : undefined;
  if (!user || tx.stage !== 'consent')
    return renderError(ctx, res, tenant, tx, messages(tx.request.locale).errorExpired);
  if (form.get('decision') !== 'yes') {
    ctx.interactions.end(tx);
    return deliverError(
      ctx,
      res,
      tenant,
      tx.request,
      'access_denied',
      65004,
      'User declined to consent to access the app.',
    );
  }
  if (!user.accountEnabled) return renderError(ctx, res, tenant, tx, messages(tx.request.locale).errorLocked);
  await ctx.users.consent(user, tx.request.clientId);
  tx.consentGiven = true;
  finish(ctx, res, tenant, tx, user);
}
