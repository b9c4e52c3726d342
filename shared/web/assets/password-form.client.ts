/**
 * The new-password form's script (reset link; SECURITY.md "criteria shown live"): on every input it runs the same
 * rules as the server (`checkPassword`, served as `/api/assets/domain/password-rules.js`) and marks each criterion met
 * or not met, and says when the two passwords differ; "Show the passwords" switches both fields to text. Without it
 * the page still works: the criteria are listed and the server checks them. No inline handler, no innerHTML: the
 * page's CSP allows `script-src 'self'` only.
 */
import { checkPassword } from '../../domain/password-rules.js';
import type { PasswordFormScriptData } from '../reset-password-pages.js';

function start(form: HTMLFormElement, data: PasswordFormScriptData) {
  const password = form.querySelector<HTMLInputElement>('#reset-password');
  const confirmation = form.querySelector<HTMLInputElement>('#reset-confirmation');
  const live = form.querySelector<HTMLElement>('#reset-confirmation-live');
  const show = form.querySelector<HTMLInputElement>('#reset-show');
  if (!password || !confirmation || !live) return;
  const update = () => {
    const check = checkPassword(password.value, data.owner);
    for (const item of form.querySelectorAll<HTMLElement>('[data-criterion]')) {
      const met = check.met.includes(item.dataset.criterion as never);
      const state = password.value === '' ? 'unknown' : met ? 'met' : 'unmet';
      item.dataset.state = state;
      const label = item.querySelector<HTMLElement>('.criterion-state');
      if (label) label.textContent = state === 'unknown' ? '' : ` (${met ? data.met : data.unmet})`;
    }
    const differs = confirmation.value !== '' && confirmation.value !== password.value;
    live.textContent = differs ? data.mismatch : '';
  };
  password.addEventListener('input', update);
  confirmation.addEventListener('input', update);
  show?.addEventListener('change', () => {
    const type = show.checked ? 'text' : 'password';
    password.type = type;
    confirmation.type = type;
  });
}

const form = document.querySelector<HTMLFormElement>('#reset-form');
const block = document.querySelector<HTMLScriptElement>('#password-form-data');
if (form && block?.textContent) start(form, JSON.parse(block.textContent) as PasswordFormScriptData);
