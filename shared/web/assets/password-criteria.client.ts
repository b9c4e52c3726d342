/**
 * The change password form's live criteria: on each keystroke, the server's own rule (`checkPassword`, imported from
 * `/api/assets/domain/password-rules.js`) marks each criterion met or not (a ✓ or ✗, and the words "met" / "not met"
 * for screen readers), and the confirmation says whether it matches (a polite live region). The server checks again:
 * without this script the form still works. No inline handler, no innerHTML: the page's CSP allows `script-src 'self'`.
 */
import { checkPassword } from '../../domain/password-rules.js';
import type { PasswordCriteriaScriptData } from '../profile-pages.js';

const form = document.querySelector<HTMLFormElement>('[data-password-form]');
const dataBlock = document.getElementById('password-criteria-data');
const password = form?.querySelector<HTMLInputElement>('#password');
const confirmation = form?.querySelector<HTMLInputElement>('#confirmation');
const status = form?.querySelector<HTMLElement>('[data-confirmation-status]');

if (form && dataBlock && password && confirmation && status) {
  const data = JSON.parse(dataBlock.textContent ?? '{}') as PasswordCriteriaScriptData;
  const items = [...form.querySelectorAll<HTMLLIElement>('[data-criterion]')];
  const update = () => {
    const typed = password.value.length > 0;
    const { met } = checkPassword(password.value, data.owner);
    for (const item of items) {
      const ok = met.includes(item.dataset.criterion as (typeof met)[number]);
      item.dataset.met = String(ok);
      item.dataset.shown = String(typed);
      const state = item.querySelector<HTMLElement>('[data-criterion-state]');
      if (state) state.textContent = typed ? ` — ${ok ? data.met : data.unmet}` : '';
    }
    if (confirmation.value.length === 0) status.textContent = '';
    else status.textContent = confirmation.value === password.value ? data.matches : data.doesNotMatch;
  };
  password.addEventListener('input', update);
  confirmation.addEventListener('input', update);
}
