/**
 * The pages of the local Entra ID's sign-in experience: sign-in, sign-up (email, then code and password),
 * password change, consent, errors and the form_post bridge. Every control is labelled and every form
 * carries the transaction id and its CSRF token.
 */
import { googleLink } from './google-messages.js';
import { errorBox, field, html, layout, type Markup } from './html.js';
import type { Locale, Messages } from './messages.js';

export interface PageContext {
  locale: Locale;
  m: Messages;
  nonce: string;
  tenantName: string;
  appName: string;
  /** `/<tenantId>/login`: where the forms post. */
  basePath: string;
  tx: { id: string; csrf: string };
  allowSignUp: boolean;
  /** The app's user flow offers Google: the sign-in and sign-up pages link to it. */
  allowGoogle?: boolean;
}

function page(
  ctx: Pick<PageContext, 'locale' | 'm' | 'nonce' | 'tenantName'>,
  title: string,
  body: Markup,
  script?: Markup,
) {
  return layout({
    locale: ctx.locale,
    title: `${title} – ${ctx.tenantName}`,
    banner: `${ctx.m.productName} · ${ctx.tenantName}`,
    nonce: ctx.nonce,
    body,
    ...(script && { script }),
  });
}

function hidden(ctx: PageContext): Markup {
  return html`<input type="hidden" name="tx" value="${ctx.tx.id}"><input type="hidden" name="csrf" value="${ctx.tx.csrf}">`;
}

export function signInPage(ctx: PageContext, values: { email?: string; error?: string }): string {
  const { m } = ctx;
  return page(
    ctx,
    m.signInTitle,
    html`<h1>${m.signInTitle}</h1>
<p>${m.signInIntro(ctx.appName)}</p>
<form method="post" action="${ctx.basePath}/signin" novalidate>
${hidden(ctx)}
${errorBox(values.error)}
${field({ id: 'email', label: m.email, type: 'email', autocomplete: 'username', value: values.email ?? '', autofocus: !values.email, invalid: !!values.error })}
${field({ id: 'password', label: m.password, type: 'password', autocomplete: 'current-password', autofocus: !!values.email, invalid: !!values.error })}
<div class="actions"><button type="submit">${m.signInButton}</button></div>
</form>
${ctx.allowGoogle ? googleLink(ctx.locale, ctx.basePath, ctx.tx.id) : ''}
${ctx.allowSignUp ? html`<p>${m.noAccount} <a href="${ctx.basePath}/signup?tx=${ctx.tx.id}">${m.createOne}</a></p>` : ''}`,
  );
}

/**
 * prompt=select_account (Entra: "an account selection experience listing all the accounts in session, or an option to
 * choose a different account altogether"): the browser's signed-in account as a button, and "Use another account".
 */
export function pickAccountPage(ctx: PageContext, values: { account: string }): string {
  const { m } = ctx;
  return page(
    ctx,
    m.pickAccountTitle,
    html`<h1>${m.pickAccountTitle}</h1>
<p>${m.pickAccountIntro(ctx.appName)}</p>
<form method="post" action="${ctx.basePath}/account">
${hidden(ctx)}
<div class="actions"><button type="submit" data-account="${values.account}">${values.account} <span class="hint">(${m.signedInHint})</span></button></div>
</form>
<p><a href="${ctx.basePath}/signin?tx=${ctx.tx.id}">${m.useAnotherAccount}</a></p>`,
  );
}

export function signUpPage(ctx: PageContext, values: { email?: string; error?: string }): string {
  const { m } = ctx;
  return page(
    ctx,
    m.signUpTitle,
    html`<h1>${m.signUpTitle}</h1>
<p>${m.signUpIntro(ctx.appName)}</p>
<form method="post" action="${ctx.basePath}/signup" novalidate>
${hidden(ctx)}
${errorBox(values.error)}
${field({ id: 'email', label: m.email, type: 'email', autocomplete: 'email', value: values.email ?? '', autofocus: true, invalid: !!values.error })}
<div class="actions"><button type="submit">${m.sendCode}</button></div>
</form>
${ctx.allowGoogle ? googleLink(ctx.locale, ctx.basePath, ctx.tx.id) : ''}
<p>${m.haveAccount} <a href="${ctx.basePath}/signin?tx=${ctx.tx.id}">${m.signInLink}</a></p>`,
  );
}

export function verifyPage(
  ctx: PageContext,
  values: { email: string; verified: boolean; error?: string; invalid?: 'code' | 'password' },
): string {
  const { m } = ctx;
  return page(
    ctx,
    m.verifyTitle,
    html`<h1>${m.verifyTitle}</h1>
<p>${values.verified ? m.emailVerified(values.email) : m.verifyIntro(values.email)}</p>
<form method="post" action="${ctx.basePath}/verify" novalidate>
${hidden(ctx)}
${errorBox(values.error)}
${values.verified ? '' : field({ id: 'code', label: m.verificationCode, type: 'text', autocomplete: 'one-time-code', inputmode: 'numeric', autofocus: true, invalid: values.invalid === 'code' })}
${field({ id: 'password', label: m.password, type: 'password', autocomplete: 'new-password', hint: m.passwordHint, autofocus: values.verified, invalid: values.invalid === 'password' })}
<div class="actions"><button type="submit">${m.createAccount}</button></div>
</form>
${
  values.verified
    ? ''
    : html`<form method="post" action="${ctx.basePath}/signup" novalidate>
${hidden(ctx)}<input type="hidden" name="email" value="${values.email}">
<div class="actions"><button type="submit" class="secondary">${m.resendCode}</button></div>
</form>`
}`,
  );
}

export function changePasswordPage(ctx: PageContext, values: { error?: string; invalid?: 'current' | 'new' }): string {
  const { m } = ctx;
  return page(
    ctx,
    m.changePasswordTitle,
    html`<h1>${m.changePasswordTitle}</h1>
<p>${m.changePasswordIntro}</p>
<form method="post" action="${ctx.basePath}/password" novalidate>
${hidden(ctx)}
${errorBox(values.error)}
${field({ id: 'currentPassword', label: m.currentPassword, type: 'password', autocomplete: 'current-password', autofocus: true, invalid: values.invalid === 'current' })}
${field({ id: 'newPassword', label: m.newPassword, type: 'password', autocomplete: 'new-password', hint: m.passwordHint, invalid: values.invalid === 'new' })}
<div class="actions"><button type="submit">${m.changePasswordButton}</button></div>
</form>`,
  );
}

export function consentPage(ctx: PageContext, values: { userName: string; scopes: string[] }): string {
  const { m } = ctx;
  const describe = (scope: string) => m.scope[scope.toLowerCase()] ?? scope;
  return page(
    ctx,
    m.consentTitle,
    html`<h1>${m.consentTitle}</h1>
<p>${m.signedInAs(values.userName)}</p>
<h2>${ctx.appName}</h2>
<p>${m.consentIntro(ctx.appName)}</p>
<ul>${values.scopes.map((s) => html`<li>${describe(s)}</li>`)}</ul>
<p>${m.consentQuestion}</p>
<form method="post" action="${ctx.basePath}/consent">
${hidden(ctx)}
<div class="actions"><button type="submit" name="decision" value="no" class="secondary">${m.no}</button>
<button type="submit" name="decision" value="yes">${m.yes}</button></div>
</form>`,
  );
}

export function errorPage(
  ctx: Pick<PageContext, 'locale' | 'm' | 'nonce' | 'tenantName'>,
  message: string,
  code?: number,
): string {
  const { m } = ctx;
  return page(
    ctx,
    m.errorTitle,
    html`<h1>${m.errorTitle}</h1>
<p class="error" role="alert">${message}</p>
${code ? html`<p>AADSTS${code}</p>` : ''}`,
  );
}

/** response_mode=form_post: the browser posts the result to the app; the button covers disabled scripts. */
export function formPostPage(
  ctx: Pick<PageContext, 'locale' | 'm' | 'nonce' | 'tenantName'>,
  action: string,
  params: Record<string, string>,
): string {
  return page(
    ctx,
    ctx.m.continueButton,
    html`<h1>${ctx.m.continueButton}</h1>
<form method="post" action="${action}" id="result">
${Object.entries(params).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<div class="actions"><button type="submit">${ctx.m.continueButton}</button></div>
</form>`,
    html`document.getElementById('result').submit();`,
  );
}

export function signedOutPage(ctx: Pick<PageContext, 'locale' | 'm' | 'nonce' | 'tenantName'>): string {
  return page(ctx, ctx.m.signedOutTitle, html`<h1>${ctx.m.signedOutTitle}</h1><p>${ctx.m.signedOutText}</p>`);
}
