/**
 * The pages after sign-in, as HTML: Create Company takes every control and attribute from COMPANY_FIELDS, labels
 * everything, escapes what people typed, shows the server's problems accessibly and embeds its script's messages
 * safely; welcome, picker, refusals, sign-in problems and the codes page say the right thing in both languages.
 * The assets function serves exactly the form's two modules.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { assetResponse } from '../../functions/handlers/assets.js';
import { COMPANY_FIELDS, type CompanyInput, validateCompany } from '../../shared/domain/company-form.js';
import { LOCALES, type Locale } from '../../shared/domain/locale.js';
import {
  renderAccessRefusedPage,
  renderSignInProblemPage,
  renderSignInStartPage,
} from '../../shared/web/access-pages.js';
import {
  COMPANY_FORM_SCRIPT_SRC,
  type CreateCompanyView,
  defaultWelcomeLinks,
  jsonForScript,
  renderCompanyPickerPage,
  renderCreateCompanyPage,
  renderWelcomePage,
} from '../../shared/web/company-pages.js';
import { companyMessages } from '../../shared/web/messages/company.js';
import { PLAIN_SIGN_IN_PROBLEMS } from '../support/invitation-views.js';

const XSS = '"><script>alert(1)</script>';
const provider = { name: 'GFMS', platformName: 'My rConnect', supportEmail: 'support@gfms.example' };
const values: CompanyInput = {
  name: 'Atelier Durand',
  registrationNumber: '73282932000074',
  vatNumber: '',
  phone: '+33123456789',
  line1: '12 rue de la Paix',
  line2: '',
  postalCode: '7500',
  city: 'Paris',
  country: 'FR',
};

function createView(overrides: Partial<CreateCompanyView> = {}): CreateCompanyView {
  return {
    locale: 'fr',
    provider,
    client: { firstName: 'Willy', lastName: 'URS', email: 'willy.urs@example.com' },
    values,
    csrfToken: 'csrf-token-1',
    action: '/api/CreateCompany',
    scriptSrc: COMPANY_FORM_SCRIPT_SRC,
    ...overrides,
  };
}

/** Attributes of every tag `name` in a page, e.g. every `<input>`. */
function tags(page: string, name: string): Array<Record<string, string>> {
  return [...page.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'g'))].map((match) =>
    Object.fromEntries([...(match[1] ?? '').matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((a) => [a[1], a[2] ?? ''])),
  );
}

const decodeEntities = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Every visible control (input, select) has a `<label for>` naming it. */
function expectAllLabelled(page: string): void {
  const controls = [...tags(page, 'input'), ...tags(page, 'select')].filter((c) => c.type !== 'hidden');
  expect(controls.length).toBeGreaterThan(0);
  for (const control of controls) expect(page).toMatch(new RegExp(`<label for="${control.id}">[^<]*\\S`));
}

function textOf(page: string): string {
  return decodeEntities(page.replace(/<style>[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ');
}

describe('the Create Company page', () => {
  const fields = COMPANY_FIELDS;

  it('when it is rendered, then each control carries the attributes of its COMPANY_FIELDS entry', () => {
    const page = renderCreateCompanyPage(createView()).value;
    const controls = [...tags(page, 'input'), ...tags(page, 'select')];
    for (const spec of fields) {
      const control = controls.find((c) => c.id === `company-${spec.name}`)!;
      expect(control, spec.name).toBeDefined();
      expect(control.name).toBe(spec.name);
      expect('required' in control).toBe(spec.required);
      expect(control.autocomplete).toBe(spec.autocomplete);
      if (spec.type === 'select') continue;
      expect(control.type).toBe(spec.type);
      expect(control.maxlength).toBe(String(spec.maxLength));
      expect(control.minlength).toBe(spec.minLength?.toString());
      expect(control.pattern && decodeEntities(control.pattern)).toBe(spec.pattern);
      expect(control.inputmode).toBe(spec.inputMode);
      expect(decodeEntities(control.value ?? '')).toBe(values[spec.name]);
      const describedBy = control['aria-describedby']!.split(' ');
      expect(describedBy).toContain(`company-${spec.name}-error`);
      for (const id of describedBy) expect(page).toContain(`id="${id}"`);
    }
  });

  describe('when a spec value changes', () => {
    const spec = fields.find((f) => f.name === 'city')! as { maxLength: number; required: boolean };
    const saved = { ...spec };
    afterEach(() => Object.assign(spec, saved));

    it('then the page follows it (the page reads COMPANY_FIELDS, nothing is hard-coded)', () => {
      spec.maxLength = 77;
      spec.required = false;
      const page = renderCreateCompanyPage(createView()).value;
      const city = tags(page, 'input').find((c) => c.id === 'company-city')!;
      expect(city.maxlength).toBe('77');
      expect('required' in city).toBe(false);
      expect(page).toMatch(/<label for="company-city">Ville <span class="optional">\(facultatif\)<\/span>/);
    });
  });

  for (const locale of LOCALES) {
    it(`when it is rendered in ${locale}, then every control is labelled and the button is the enabled, orange one`, () => {
      const t = companyMessages[locale];
      const page = renderCreateCompanyPage(createView({ locale })).value;
      expectAllLabelled(page);
      expect(page).toContain(`<html lang="${locale}"`);
      expect(page).toContain(`<h1>${t.createTitle}</h1>`);
      const button = tags(page, 'button')[0]!;
      expect(button).toMatchObject({ type: 'submit', class: 'button' });
      expect('disabled' in button).toBe(false);
      expect(page).toContain(`>${t.submit}</button>`);
      for (const spec of fields) expect(page).toContain(`>${t.labels[spec.name].replace(/'/g, '&#39;')}`);
    });
  }

  it('when it is rendered, then it posts to the action with the CSRF token and loads its module script', () => {
    const page = renderCreateCompanyPage(createView()).value;
    expect(page).toContain('<form id="company-form" method="post" action="/api/CreateCompany">');
    expect(page).toContain('<input type="hidden" name="csrf" value="csrf-token-1">');
    expect(page).toContain(`<script type="module" src="${COMPANY_FORM_SCRIPT_SRC}"></script>`);
    // The only scripts: the module (external) and the JSON block (never executed).
    const scripts = tags(page, 'script');
    expect(scripts.map((s) => s.type)).toEqual(['application/json', 'module']);
    expect(page).toContain('<p id="company-form-status" class="form-status" aria-live="polite"></p>');
  });

  it('when it is rendered, then the JSON block holds the messages and no "<" that could end the script', () => {
    const page = renderCreateCompanyPage(createView({ locale: 'en' })).value;
    const block = /<script type="application\/json" id="company-form-messages">([\s\S]*?)<\/script>/.exec(page)![1]!;
    expect(block).not.toContain('<');
    const messages = JSON.parse(block);
    expect(messages.problems['invalid-siret']).toBe(companyMessages.en.problems['invalid-siret']);
    expect(messages.labels.postalCode).toBe('Postal code');
    expect(jsonForScript({ x: '</script><script>alert(1)</script>' })).toBe(
      '{"x":"\\u003c/script>\\u003cscript>alert(1)\\u003c/script>"}',
    );
    expect(JSON.parse(jsonForScript({ x: '</script>' }))).toEqual({ x: '</script>' });
  });

  it('when the server found problems, then those fields are aria-invalid with their message, and a summary links them', () => {
    const result = validateCompany(values);
    const problems = result.ok ? {} : result.problems;
    expect(problems).toEqual({ postalCode: 'invalid-postal-code' });
    const page = renderCreateCompanyPage(createView({ problems })).value;
    const invalid = [...tags(page, 'input'), ...tags(page, 'select')].filter((c) => c['aria-invalid'] === 'true');
    expect(invalid.map((c) => c.id)).toEqual(['company-postalCode']);
    expect(page).toContain(
      '<p id="company-postalCode-error" class="field-error" aria-live="polite">Ce code postal ne correspond pas au pays choisi (par exemple 75008).</p>',
    );
    expect(page).toContain('<p id="company-city-error" class="field-error" aria-live="polite"></p>');
    expect(page).toMatch(/<div class="error-summary" role="alert"[\s\S]*<a href="#company-postalCode">Code postal/);
    const clean = renderCreateCompanyPage(createView()).value;
    expect([...tags(clean, 'input'), ...tags(clean, 'select')].some((c) => 'aria-invalid' in c)).toBe(false);
    expect(clean).not.toContain('error-summary"');
  });

  it('when people typed markup, then names, values and the provider are escaped', () => {
    const hostile = Object.fromEntries(Object.keys(values).map((k) => [k, XSS])) as CompanyInput;
    const page = renderCreateCompanyPage(
      createView({
        values: hostile,
        provider: { name: XSS, platformName: XSS, supportEmail: `x${XSS}@example.com` },
        client: { firstName: XSS, lastName: XSS, email: XSS },
        problems: { name: 'too-short', country: 'invalid-country' },
      }),
    ).value;
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(tags(page, 'script')).toHaveLength(2);
  });

  it('when it is rendered, then the country list is localized, France first, with the current value selected', () => {
    const fr = renderCreateCompanyPage(createView({ values: { ...values, country: 'BE' } })).value;
    expect(fr).toMatch(/<select id="company-country"[^>]*><option value="FR">France<\/option>/);
    expect(fr).toContain('<option value="BE" selected>Belgique</option>');
    expect(fr).toContain('<option value="DE">Allemagne</option>');
    const en = renderCreateCompanyPage(createView({ locale: 'en' })).value;
    expect(en).toContain('<option value="DE">Germany</option>');
    expect(en).toContain('<option value="FR" selected>France</option>');
    const unsupported = renderCreateCompanyPage(createView({ values: { ...values, country: 'SE' } })).value;
    expect(unsupported).toContain('<option value="SE" selected>Suède</option>');
    const none = renderCreateCompanyPage(createView({ values: { ...values, country: '' } })).value;
    expect(none).toContain('<option value="" selected>Choisissez un pays</option>');
  });
});

describe('the welcome page', () => {
  for (const locale of LOCALES) {
    it(`when it is rendered in ${locale}, then it greets the client, lists the portal's links and offers to sign out`, () => {
      const t = companyMessages[locale];
      const links = defaultWelcomeLinks(locale, 'https://portal.example/');
      const page = renderWelcomePage({
        locale,
        provider,
        client: { firstName: 'Willy', lastName: 'URS' },
        company: { name: `Atelier ${XSS}` },
        links,
        csrfToken: 'csrf-2',
      }).value;
      expect(page).toContain(`<h1>${t.welcomeTitle('My rConnect')}</h1>`);
      expect(textOf(page)).toContain(t.welcomeHello('Willy'));
      expect(page).not.toContain('<script>alert(1)');
      for (const link of links)
        expect(page).toContain(`<a href="${link.href}">${link.label.replace(/'/g, '&#39;')}</a>`);
      expect(links.map((l) => l.href)).toEqual([
        'https://portal.example/equipment',
        'https://portal.example/requests',
        'https://portal.example/documents',
        'https://portal.example/profile',
      ]);
      expect(page).toMatch(
        /<form method="post" action="\/api\/SignOut"[^>]*>\s*<input type="hidden" name="csrf" value="csrf-2">/,
      );
      expect(page).toContain(`>${t.signOut}</button>`);
    });
  }

  it('when the links are in French, then they are those of the portal (seed 002)', () => {
    expect(defaultWelcomeLinks('fr', '/p').map((l) => l.label)).toEqual([
      'Mes équipements',
      'Mes demandes d’intervention',
      'Mes documents',
      'Mon profil',
    ]);
  });
});

describe('the company picker', () => {
  it('when a client has several companies, then each is a labelled radio in a fieldset with a legend', () => {
    const page = renderCompanyPickerPage({
      locale: 'fr',
      choices: [
        { value: 'p1|c1', providerName: 'GFMS', companyName: 'Atelier Durand' },
        { value: 'p2|c2', providerName: XSS, companyName: 'SCI Les Tilleuls' },
      ],
      csrfToken: 'csrf-3',
      action: '/api/SignIn/choose',
    }).value;
    expectAllLabelled(page);
    const radios = tags(page, 'input').filter((i) => i.type === 'radio');
    expect(radios.map((r) => [r.name, r.value])).toEqual([
      ['choice', 'p1|c1'],
      ['choice', 'p2|c2'],
    ]);
    expect(page).toMatch(/<fieldset><legend>Avec quelle société souhaitez-vous continuer\u00a0\?<\/legend>/);
    expect(page).toMatch(
      /<label for="choice-0"><strong>Atelier Durand<\/strong> <span class="muted">avec GFMS<\/span>/,
    );
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('<input type="hidden" name="csrf" value="csrf-3">');
    expect(page).toContain('>Continuer</button>');
  });
});

describe('the access refused page', () => {
  const since = new Date('2026-03-02T10:00:00Z');
  const expected: Record<Locale, Record<string, string[]>> = {
    fr: {
      blocked: [
        'Votre accès a été suspendu',
        'Votre accès à ce compte a été bloqué par GFMS depuis le 2 mars 2026.',
        'contactez GFMS',
      ],
      merged: [
        'Ce compte a été fusionné avec un autre',
        'fusionnés le 2 mars 2026',
        'connectez-vous avec le compte w•••@example.com',
      ],
      'provider-inactive': [
        'Ce service n’est plus disponible pour vous',
        'GFMS n’utilise plus cette plateforme depuis le 2 mars 2026',
        'adresse e-mail est libérée',
      ],
      'no-access': ['Aucun accès pour ce compte', 'aucune société n’a encore donné accès', 'demandez à la société'],
    },
    en: {
      blocked: [
        'Your access has been suspended',
        'Your access to this account has been blocked by GFMS since 2 March 2026.',
        'contact GFMS',
      ],
      merged: [
        'This account has been merged into another one',
        'merged on 2 March 2026',
        'sign in with the account w•••@example.com',
      ],
      'provider-inactive': [
        'This service is no longer available to you',
        'GFMS stopped using this platform on 2 March 2026',
        'email address is released',
      ],
      'no-access': ['No access for this account', 'no company has given this account access', 'ask the company'],
    },
  };
  for (const locale of LOCALES) {
    for (const reason of ['blocked', 'merged', 'provider-inactive', 'no-access'] as const) {
      it(`when the reason is ${reason} in ${locale}, then the page says why and what to do, and offers to sign out`, () => {
        const page = renderAccessRefusedPage({
          locale,
          reason,
          providerName: 'GFMS',
          since,
          mergedIntoEmail: 'w•••@example.com',
          supportEmail: 'support@gfms.example',
          csrfToken: 'csrf-4',
        }).value;
        const [title, ...sentences] = expected[locale][reason]!;
        expect(page).toContain(`<h1>${title!.replace(/'/g, '&#39;')}</h1>`);
        for (const sentence of sentences) expect(textOf(page)).toContain(sentence);
        expect(page).toContain('href="mailto:support@gfms.example"');
        expect(page).toContain('action="/api/SignOut"');
        expect(page).toContain(`>${companyMessages[locale].signOut}</button>`);
      });
    }
  }

  it('when no session token and no provider are known, then there is no sign-out form and a neutral wording', () => {
    const page = renderAccessRefusedPage({ locale: 'fr', reason: 'blocked' }).value;
    expect(page).not.toContain('/api/SignOut');
    expect(textOf(page)).toContain('Votre accès à ce compte a été bloqué par la société qui vous a invité.');
  });
});

describe('the sign-in problem page', () => {
  it('when the person signed in with another account, then it names both and offers "sign in as" the invited one', () => {
    const page = renderSignInProblemPage({
      locale: 'fr',
      problem: 'wrong-account',
      invitedEmail: 'willy.urs@example.com',
      signedInEmail: 'other@example.com',
      retryForm: { action: '/api/AcceptInvitation', fields: { invitationId: 'id-1', key: `k${XSS}` } },
    }).value;
    expect(textOf(page)).toContain(
      'Cette invitation est adressée à willy.urs@example.com, mais vous vous êtes connecté en tant que other@example.com.',
    );
    expect(page).toContain('<form method="post" action="/api/AcceptInvitation" class="actions">');
    expect(page).toContain('<input type="hidden" name="invitationId" value="id-1">');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('>Se connecter en tant que willy.urs@example.com</button>');
    const en = renderSignInProblemPage({
      locale: 'en',
      problem: 'wrong-account',
      invitedEmail: 'a@b.example',
      retryForm: { action: '/x', fields: {} },
    }).value;
    expect(en).toContain('>Sign in as a@b.example</button>');
  });

  it('when the account signed in does not prove the invited address, then it says so and offers the same "sign in as" the invited one', () => {
    const fr = renderSignInProblemPage({
      locale: 'fr',
      problem: 'email-not-verified',
      invitedEmail: 'willy.urs@example.com',
      retryForm: { action: '/api/AcceptInvitation/again', fields: { lang: 'fr' } },
    }).value;
    expect(fr).toContain('<h1>Ce compte ne prouve pas votre adresse e-mail</h1>');
    expect(textOf(fr)).toContain(
      'Le compte avec lequel vous vous êtes connecté ne prouve pas que l’adresse willy.urs@example.com est la vôtre',
    );
    expect(textOf(fr)).toContain('le compte dont l’adresse de connexion est willy.urs@example.com');
    expect(fr).toContain('<form method="post" action="/api/AcceptInvitation/again" class="actions">');
    expect(fr).toContain('>Se connecter en tant que willy.urs@example.com</button>');
    const en = renderSignInProblemPage({
      locale: 'en',
      problem: 'email-not-verified',
      invitedEmail: `a${XSS}@b.example`,
      retryForm: { action: '/api/AcceptInvitation/again', fields: { lang: 'en' } },
    }).value;
    expect(en).toContain('<h1>This account does not prove your email address</h1>');
    expect(textOf(en)).toContain('The account you signed in with does not prove that you own a');
    expect(textOf(en)).toContain('Sign in with the account whose sign-in address is a');
    expect(en).not.toContain('<script>alert(1)');
    expect(en).toContain('>Sign in as a');
    const withoutAddress = renderSignInProblemPage({ locale: 'en', problem: 'email-not-verified' }).value;
    expect(textOf(withoutAddress)).toContain('does not prove that you own the invited address');
  });

  for (const locale of LOCALES) {
    for (const problem of PLAIN_SIGN_IN_PROBLEMS) {
      it(`when the problem is ${problem} in ${locale}, then the page has its own title and a way forward if there is one`, () => {
        const t = companyMessages[locale];
        const page = renderSignInProblemPage({ locale, problem, providerName: 'GFMS' }).value;
        expect(page).toContain(`<h1>${t.problemTitle[problem].replace(/'/g, '&#39;')}</h1>`);
        // Expired or revoked: the provider is named; a lost "sign in as" sends back to the email's link.
        const startsOver = !['expired', 'revoked', 'invitation-page-expired'].includes(problem);
        expect(page.includes(`href="/api/SignIn?go=1&amp;lang=${locale}"`)).toBe(startsOver);
        if (problem === 'expired' || problem === 'revoked') expect(textOf(page)).toContain('GFMS');
      });
    }
  }
});

describe('the sign-in codes page (seed 003)', () => {
  it('when the sign-in URL lacks the codes, then a GET form asks for "Code client" and "Code société", both optional', () => {
    const page = renderSignInStartPage({ locale: 'fr', action: '/api/SignIn', client: `C${XSS}` }).value;
    expectAllLabelled(page);
    expect(page).toContain('<form method="get" action="/api/SignIn">');
    expect(page).toMatch(/<label for="signin-client">Code client/);
    expect(page).toMatch(/<label for="signin-societe">Code société/);
    const inputs = tags(page, 'input').filter((i) => i.type === 'text');
    expect(inputs.map((i) => i.name)).toEqual(['client', 'societe']);
    expect(inputs.every((i) => !('required' in i))).toBe(true);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('>Se connecter</button>');
    expect(renderSignInStartPage({ locale: 'en', action: '/api/SignIn' }).value).toMatch(
      />Client code[\s\S]*>Sign in<\/button>/,
    );
  });
});

describe('the assets function', () => {
  it("when the page's script is asked for, then it is served, and its import of the rules resolves to the other asset", async () => {
    const script = await assetResponse(COMPANY_FORM_SCRIPT_SRC.replace('/api/assets/', ''));
    expect(script.status).toBe(200);
    expect(script.headers).toMatchObject({
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    });
    const body = String(script.body);
    const specifier = /from '([^']+company-form\.js)'/.exec(body)![1]!;
    const resolved = new URL(specifier, `https://app.example${COMPANY_FORM_SCRIPT_SRC}`).pathname;
    expect(resolved).toBe('/api/assets/domain/company-form.js');
    const rules = await assetResponse('domain/company-form.js');
    expect(rules.status).toBe(200);
    expect(String(rules.body)).toContain('export function validateCompany');
    expect(String(rules.body)).not.toMatch(/^import /m);
    expect(String(rules.body)).not.toContain('sourceMappingURL');
  });

  it('when anything else is asked for, then it is a 404', async () => {
    for (const path of [
      '',
      'domain/company-form.ts',
      'domain/invitation.js',
      '../config.js',
      'domain/../config.js',
      'web/assets/company-form.client.js.map',
    ]) {
      expect((await assetResponse(path)).status, path).toBe(404);
    }
  });
});
