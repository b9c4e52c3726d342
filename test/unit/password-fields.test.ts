/**
 * The one new-password form (shared/web/password-fields.ts): the reset link's page and the profile's change password
 * page show the same fields, criteria and script; after a refused post each criterion says met or not met and the
 * fields are marked; the only scripts are the JSON block and the one module the Assets function serves.
 */
import { describe, expect, it } from 'vitest';
import { ASSETS } from '../../functions/handlers/assets.js';
import { PASSWORD_CRITERIA } from '../../shared/domain/password-rules.js';
import { passwordFieldsMessages } from '../../shared/web/messages/password-fields.js';
import { PASSWORD_CRITERIA_SCRIPT_SRC, renderPasswordFields } from '../../shared/web/password-fields.js';
import { renderChangePasswordPage } from '../../shared/web/profile-pages.js';
import { renderChoosePasswordPage } from '../../shared/web/reset-password-pages.js';

const owner = { email: 'claire.dupont@example.com', firstName: 'Claire', lastName: 'Dupont' };

describe('the new-password fields', () => {
  for (const locale of ['fr', 'en'] as const) {
    it(`when either page asks for a new password in ${locale}, then both show the same fields and the one script`, () => {
      const fields = renderPasswordFields({ locale, owner }).value;
      const reset = renderChoosePasswordPage({ locale, token: 't'.repeat(43), owner }).value;
      const profile = renderChangePasswordPage({ locale, csrfToken: 'csrf', owner }).value;
      for (const page of [reset, profile]) {
        expect(page).toContain(fields);
        expect(page.match(/<script\b[^>]*>/g)).toEqual([
          '<script type="application/json" id="password-fields-data">',
          `<script type="module" src="${PASSWORD_CRITERIA_SCRIPT_SRC}">`,
        ]);
        expect(page).toContain('.criteria li[data-state="met"]::before');
      }
      const t = passwordFieldsMessages[locale];
      expect(fields).toContain(`<label for="password">${t.passwordLabel}</label>`);
      expect(fields).toContain(`<label for="confirmation">${t.confirmationLabel}</label>`);
      expect(fields).toMatch(
        /<input type="password" id="password" name="password" [^>]*aria-describedby="password-criteria-heading password-criteria"/,
      );
      expect(fields).toMatch(
        /<input type="password" id="confirmation" name="confirmation" [^>]*aria-describedby="confirmation-status"/,
      );
      expect(fields).toContain('<p id="confirmation-status" class="form-status" aria-live="polite"');
      for (const c of PASSWORD_CRITERIA) expect(fields).toContain(`<li data-criterion="${c}" data-state="unknown">`);
      expect(fields).not.toContain('aria-invalid');
    });
  }

  it('serves one criteria script, and no other', () => {
    expect(ASSETS.has(PASSWORD_CRITERIA_SCRIPT_SRC.replace('/api/assets/', ''))).toBe(true);
    expect(ASSETS.has('web/assets/password-form.client.js')).toBe(false);
  });

  it('when a post was refused, then each criterion says met or not met and the refused fields are marked', () => {
    const fields = renderPasswordFields({
      locale: 'en',
      owner,
      unmet: ['length', 'not-personal'],
      passwordInvalid: true,
      mismatch: true,
    }).value;
    expect(fields).toContain(
      '<li data-criterion="length" data-state="unmet">have 8 to 256 characters<span class="visually-hidden" data-criterion-state> — not met</span></li>',
    );
    expect(fields).toContain('<li data-criterion="classes" data-state="met">');
    expect(fields).toContain('<li data-criterion="not-personal" data-state="unmet">');
    expect(fields).toMatch(/id="password" [^>]* aria-invalid="true"/);
    expect(fields).toContain('<p id="confirmation-error" class="field-error">The two passwords are not the same.</p>');
    expect(fields).toMatch(
      /id="confirmation" [^>]*aria-describedby="confirmation-error confirmation-status" aria-invalid="true"/,
    );
  });

  it('when the profile page refuses a password, then it keeps its own words around the shared fields', () => {
    const page = renderChangePasswordPage({
      locale: 'fr',
      csrfToken: 'csrf',
      owner,
      problem: 'rule',
      unmet: ['classes'],
    }).value;
    expect(page).toContain('data-problem="rule"');
    expect(page).toContain('<li data-criterion="classes" data-state="unmet">');
    expect(page).toContain('— non respecté');
  });
});
