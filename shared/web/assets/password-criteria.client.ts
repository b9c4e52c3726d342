/**
 * The new-password fields' live check (shared/web/password-fields.ts; SECURITY.md "criteria shown live"), on every
 * page that sets a password: on each keystroke, the server's own rule (`checkPassword`, imported from
 * `/api/assets/domain/password-rules.js`) marks each criterion met or not (a ✓ or ✗, and the words "met" / "not met"
 * for screen readers), and the confirmation says whether it matches (a polite live region); "Show the passwords",
 * hidden without this script, switches both fields to text. The server checks again: without this script the form
 * still works. No inline handler, no innerHTML: the pages' CSP allows `script-src 'self'`.
 */
import { checkPassword } from '../../domain/password-rules.js';
import type { CriterionState, PASSWORD_FIELD_IDS, PasswordFieldsScriptData } from '../password-fields.js';

/** The renderer's ids; typed by its own constant, so a renamed id fails the typecheck (only types are imported: the
 * browser loads nothing but this module and the rule). */
const ID: typeof PASSWORD_FIELD_IDS = {
  password: 'password',
  confirmation: 'confirmation',
  criteriaHeading: 'password-criteria-heading',
  criteria: 'password-criteria',
  confirmationError: 'confirmation-error',
  confirmationStatus: 'confirmation-status',
  show: 'show-passwords',
  showChoice: 'show-passwords-choice',
  data: 'password-fields-data',
};

const dataBlock = document.getElementById(ID.data);
const password = document.getElementById(ID.password) as HTMLInputElement | null;
const confirmation = document.getElementById(ID.confirmation) as HTMLInputElement | null;
const status = document.getElementById(ID.confirmationStatus);
const show = document.getElementById(ID.show) as HTMLInputElement | null;
const showChoice = document.getElementById(ID.showChoice);

if (dataBlock && password && confirmation && status) {
  const data = JSON.parse(dataBlock.textContent ?? '{}') as PasswordFieldsScriptData;
  const items = [...document.querySelectorAll<HTMLLIElement>(`#${ID.criteria} [data-criterion]`)];
  const update = () => {
    const typed = password.value.length > 0;
    const { met } = checkPassword(password.value, data.owner);
    for (const item of items) {
      const ok = met.includes(item.dataset.criterion as (typeof met)[number]);
      const state: CriterionState = typed ? (ok ? 'met' : 'unmet') : 'unknown';
      item.dataset.state = state;
      const words = item.querySelector<HTMLElement>('[data-criterion-state]');
      if (words) words.textContent = state === 'unknown' ? '' : data.stateText[state];
    }
    if (confirmation.value.length === 0) status.textContent = '';
    else status.textContent = confirmation.value === password.value ? data.matches : data.mismatch;
  };
  password.addEventListener('input', update);
  confirmation.addEventListener('input', update);
  if (show && showChoice) {
    showChoice.hidden = false;
    show.addEventListener('change', () => {
      const type = show.checked ? 'text' : 'password';
      password.type = type;
      confirmation.type = type;
    });
  }
}
