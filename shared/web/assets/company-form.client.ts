/**
 * The Create Company page's script (seed 002: "if something is wrong, the button is grey; change the data until
 * it turns orange"). It runs the same rules as the server (`validateCompany`) on every input and change, keeps
 * the submit button disabled while anything is invalid, and says what to fix: each field's message once the
 * person has changed that field (or tried to submit), and a status line naming every field left to correct.
 * Served as a module from `/api/assets/web/assets/…`, so its import of the rules resolves to
 * `/api/assets/domain/company-form.js`. Without it the page still works: the button stays enabled and the server
 * validates. No inline handler, no eval, no innerHTML: the page's CSP allows `script-src 'self'` only.
 */
import {
  COMPANY_FIELDS,
  type CompanyFieldName,
  fillProblemMessage,
  validateCompany,
} from '../../domain/company-form.js';
import type { CompanyFormScriptMessages } from '../company-pages.js';

type Control = HTMLInputElement | HTMLSelectElement;

function start(form: HTMLFormElement, button: HTMLButtonElement, status: HTMLElement, t: CompanyFormScriptMessages) {
  const controls = new Map<CompanyFieldName, Control>();
  const touched = new Set<CompanyFieldName>();
  for (const field of COMPANY_FIELDS) {
    const control = form.elements.namedItem(field.name);
    if (!(control instanceof HTMLInputElement || control instanceof HTMLSelectElement)) continue;
    controls.set(field.name, control);
    // A problem the server already reported stays visible and live.
    if (control.getAttribute('aria-invalid') === 'true') touched.add(field.name);
  }
  const nameOf = (target: EventTarget | null) => [...controls].find(([, control]) => control === target)?.[0];
  // Our messages replace the browser's bubbles; the server checks again anyway.
  form.noValidate = true;
  let statusKey: string | undefined;

  const update = () => {
    const values = Object.fromEntries([...controls].map(([name, control]) => [name, control.value]));
    const result = validateCompany(values);
    const problems = result.ok ? {} : result.problems;
    const country = values.country ?? '';
    for (const [name, control] of controls) {
      if (!touched.has(name)) continue;
      const problem = problems[name];
      const text = problem ? fillProblemMessage(t.problems[problem], name, country) : '';
      const error = document.getElementById(`${control.id}-error`);
      if (error && error.textContent !== text) error.textContent = text;
      if (problem) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    }
    button.disabled = !result.ok;
    const invalid = COMPANY_FIELDS.map((f) => f.name).filter((name) => problems[name] && controls.has(name));
    const key = invalid.join(',');
    if (key !== statusKey) {
      statusKey = key;
      showStatus(invalid);
    }
  };

  const showStatus = (invalid: CompanyFieldName[]) => {
    if (invalid.length === 0) {
      status.textContent = t.statusValid;
      return;
    }
    const parts: Array<Node | string> = [`${t.statusInvalid} `];
    invalid.forEach((name, i) => {
      const link = document.createElement('a');
      link.href = `#${controls.get(name)!.id}`;
      link.dataset.field = name;
      link.textContent = t.labels[name];
      parts.push(...(i > 0 ? [', '] : []), link);
    });
    parts.push('.');
    status.replaceChildren(...parts);
  };

  const touch = (name: CompanyFieldName | undefined) => {
    if (name) touched.add(name);
  };

  form.addEventListener('input', update);
  form.addEventListener('change', (event) => {
    touch(nameOf(event.target));
    update();
  });
  // A status link shows that field's message and puts the cursor in it.
  status.addEventListener('click', (event) => {
    const link = event.target instanceof HTMLElement ? event.target.closest('a') : null;
    const name = link?.dataset.field as CompanyFieldName | undefined;
    const control = name && controls.get(name);
    if (!control) return;
    event.preventDefault();
    touch(name);
    update();
    control.focus();
  });
  // Enter in a field while the button is disabled is a submit attempt the browser ignores silently: say why.
  form.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !button.disabled || !(event.target instanceof HTMLInputElement)) return;
    event.preventDefault();
    for (const name of controls.keys()) touched.add(name);
    update();
    [...controls.values()].find((control) => control.getAttribute('aria-invalid') === 'true')?.focus();
  });
  form.addEventListener('submit', (event) => {
    if (button.disabled) event.preventDefault();
  });
  // Back/forward cache: the browser may restore other values than those the page was built with.
  window.addEventListener('pageshow', update);
  update();
}

const form = document.getElementById('company-form');
const button = document.getElementById('company-submit');
const status = document.getElementById('company-form-status');
const block = document.getElementById('company-form-messages');
if (form instanceof HTMLFormElement && button instanceof HTMLButtonElement && status && block?.textContent) {
  start(form, button, status, JSON.parse(block.textContent) as CompanyFormScriptMessages);
}
