/**
 * The new-password fields of every page that sets a password (the reset link's page, the profile's change password):
 * the password and its confirmation, labelled; the criteria of `checkPassword` (`shared/domain/password-rules.ts`),
 * each met or not met once the server has checked a refused post; the JSON block and the module script
 * (`shared/web/assets/password-criteria.client.ts`) that check them live with the same rule as the server. Without
 * the script the fields still work: the criteria are listed and the server checks them. The script reads a JSON
 * block (never executed) and sets text and attributes only, so the pages keep their CSP `script-src 'self'`.
 * The page around brings its own form, heading, hints, buttons and error summary; it adds `PASSWORD_FIELDS_CSS`.
 */
import type { Locale } from '../domain/locale.js';
import {
  PASSWORD_CRITERIA,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type PasswordCriterion,
  type PasswordOwner,
} from '../domain/password-rules.js';
import { html, raw, type SafeHtml } from '../http/html.js';
import { jsonForScript } from './company-pages.js';
import { safeUrl } from './layout.js';
import { passwordFieldsMessages } from './messages/password-fields.js';

/** The browser module that checks the criteria as the person types; it imports `/api/assets/domain/password-rules.js`. */
export const PASSWORD_CRITERIA_SCRIPT_SRC = '/api/assets/web/assets/password-criteria.client.js';

/** The ids of the fields' elements (the error summaries link to `#password`). */
export const PASSWORD_FIELD_IDS = {
  password: 'password',
  confirmation: 'confirmation',
  criteriaHeading: 'password-criteria-heading',
  criteria: 'password-criteria',
  confirmationError: 'confirmation-error',
  confirmationStatus: 'confirmation-status',
  show: 'show-passwords',
  showChoice: 'show-passwords-choice',
  data: 'password-fields-data',
} as const;

/** What the criteria script reads from the page's JSON block. */
export interface PasswordFieldsScriptData {
  owner: PasswordOwner;
  /** What a criterion's state adds for screen readers (`criterionStateText`). */
  stateText: { met: string; unmet: string };
  mismatch: string;
  matches: string;
}

/** A criterion's state: `unknown` until checked (by the server after a refused post, or live by the script). */
export type CriterionState = 'unknown' | 'met' | 'unmet';

export interface PasswordFieldsView {
  locale: Locale;
  /** The person's own words, for the live check of `not-personal` (their own data, on their own page). */
  owner: { email?: string | undefined; firstName?: string | undefined; lastName?: string | undefined };
  /** After a refused post: the criteria the server found unmet (then every criterion shows met or not met). */
  unmet?: readonly PasswordCriterion[] | undefined;
  /** After a refused post: the password itself was refused (marks the field invalid). */
  passwordInvalid?: boolean | undefined;
  /** After a refused post: the two passwords differed. */
  mismatch?: boolean | undefined;
}

const ID = PASSWORD_FIELD_IDS;

export const PASSWORD_FIELDS_CSS = `
.criteria{list-style:none;margin:0 0 1.25rem;padding:0}
.criteria li{margin:0 0 .375rem;padding-left:1.75rem;position:relative}
.criteria li::before{content:"○";position:absolute;left:0;color:#4b5563;font-weight:700}
.criteria li[data-state="met"]::before{content:"✓";color:#047857}
.criteria li[data-state="unmet"]::before{content:"✗";color:#b91c1c}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.choice[hidden]{display:none}
`;

/** The words a criterion's state adds for screen readers (the ✓ / ✗ is drawn by the CSS). */
export const criterionStateText = (state: CriterionState, words: { met: string; unmet: string }): string =>
  state === 'unknown' ? '' : ` — ${state === 'met' ? words.met : words.unmet}`;

function ownerData(owner: PasswordFieldsView['owner']): PasswordOwner {
  return {
    ...(owner.email ? { email: owner.email } : {}),
    ...(owner.firstName ? { firstName: owner.firstName } : {}),
    ...(owner.lastName ? { lastName: owner.lastName } : {}),
  };
}

/** The fields, their criteria and their script, to place inside the page's `<form>`. */
export function renderPasswordFields(view: PasswordFieldsView): SafeHtml {
  const t = passwordFieldsMessages[view.locale];
  const checked = view.unmet !== undefined;
  const unmet = new Set(view.unmet ?? []);
  const data: PasswordFieldsScriptData = {
    owner: ownerData(view.owner),
    stateText: { met: criterionStateText('met', t), unmet: criterionStateText('unmet', t) },
    mismatch: t.mismatch,
    matches: t.matches,
  };
  const criterion = (c: PasswordCriterion) => {
    const state: CriterionState = checked ? (unmet.has(c) ? 'unmet' : 'met') : 'unknown';
    return html`<li data-criterion="${c}" data-state="${state}">${t.criteria[c]}<span class="visually-hidden" data-criterion-state>${criterionStateText(state, t)}</span></li>`;
  };
  const confirmationDescribedBy = view.mismatch
    ? `${ID.confirmationError} ${ID.confirmationStatus}`
    : ID.confirmationStatus;
  return html`<div class="field">
<label for="${ID.password}">${t.passwordLabel}</label>
<input type="password" id="${ID.password}" name="password" required minlength="${String(PASSWORD_MIN_LENGTH)}" maxlength="${String(PASSWORD_MAX_LENGTH)}" autocomplete="new-password" aria-describedby="${ID.criteriaHeading} ${ID.criteria}"${
    view.passwordInvalid ? html` aria-invalid="true"` : null
  }>
</div>
<p id="${ID.criteriaHeading}" class="hint">${t.criteriaHeading}</p>
<ul id="${ID.criteria}" class="criteria">${PASSWORD_CRITERIA.map(criterion)}</ul>
<div class="field">
<label for="${ID.confirmation}">${t.confirmationLabel}</label>
${view.mismatch && html`<p id="${ID.confirmationError}" class="field-error">${t.mismatch}</p>`}
<input type="password" id="${ID.confirmation}" name="confirmation" required maxlength="${String(PASSWORD_MAX_LENGTH)}" autocomplete="new-password" aria-describedby="${confirmationDescribedBy}"${
    view.mismatch ? html` aria-invalid="true"` : null
  }>
<p id="${ID.confirmationStatus}" class="form-status" aria-live="polite" data-confirmation-status></p>
</div>
<div class="choice" id="${ID.showChoice}" hidden><input type="checkbox" id="${ID.show}"><label for="${ID.show}">${t.showPasswords}</label></div>
<script type="application/json" id="${ID.data}">${raw(jsonForScript(data))}</script>
<script type="module" src="${safeUrl(PASSWORD_CRITERIA_SCRIPT_SRC)}"></script>`;
}
