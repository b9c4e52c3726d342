/**
 * The sign-up verification email: what it says (en/fr) and how it leaves — through the injected mailer
 * (the stack wires the local ACS), or, when none is configured, into the log so a developer can go on.
 */
import type { EntraContext } from './context.js';
import { maskEmail } from './context.js';
import type { TenantSpec } from './directory.js';
import { escapeHtml } from './html.js';
import { type Locale, messages } from './messages.js';

export async function sendSignUpCode(
  ctx: EntraContext,
  tenant: TenantSpec,
  email: string,
  code: string,
  locale: Locale,
): Promise<void> {
  const m = messages(locale);
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif">
<h1 style="font-size:20px">${escapeHtml(m.emailHeading)}</h1>
<p>${escapeHtml(m.emailCodeIntro)}</p>
<p style="font-size:28px;font-weight:bold;letter-spacing:4px">${escapeHtml(code)}</p>
<p>${escapeHtml(m.emailFooter)}</p>
<p style="color:#605e5c">${escapeHtml(tenant.displayName)}</p>
</body></html>`;
  const message = { to: email, subject: m.emailSubject(tenant.displayName), text: m.emailText(code), html, locale };
  if (!ctx.sendVerificationEmail) {
    ctx.log(`no verification mailer configured: sign-up code for ${maskEmail(email)} is ${code}`);
    return;
  }
  await ctx.sendVerificationEmail(message);
  ctx.log(`verification code sent to ${maskEmail(email)}`);
}
