/**
 * What a provider record must hold before ops can register it, how seed 003's codes name a provider, and how a
 * sign-in link's codes become the provider the sign-in starts with (the domain, with in-memory ports).
 */
import { describe, expect, it } from 'vitest';
import type { ClientSignIn, SignInAttempt } from '../../shared/domain/ports.js';
import {
  applyProviderChanges,
  grantSubjectsOf,
  matchesAgencyCodes,
  normalizeAgencyCode,
  type Provider,
  type ProviderGrant,
  platformDescriptionFor,
  providerDifferences,
  registrationProblems,
} from '../../shared/domain/provider.js';
import type { OnboardingDeps } from '../../shared/domain/use-cases/accept-invitation.js';
import { beginSignIn } from '../../shared/domain/use-cases/sign-in.js';
import { invitationEmailComposer } from '../../shared/web/invitation-email-composer.js';
import { fakeWorld } from '../support/fakes.js';

const TENANT = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const APP = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

const horizon: Provider = {
  id: 'agence-horizon',
  name: 'Agence Horizon',
  platformName: 'Extranet Horizon',
  platformDescription: 'Votre espace propriétaire, locataire, copropriétaire.',
  supportEmail: 'contact@horizon.example',
  portalUrl: 'https://extranet.horizon.example',
  documentationUrl: 'https://aide.horizon.example/extranet/premiers-pas',
  agencyCodes: { client: 'HORIZON', company: 'HZ-PARIS' },
  status: 'active',
};
const tenantGrant: ProviderGrant[] = [{ tenantId: TENANT, subject: 'tenant' }];

const pointers = (provider: Provider, grants: ProviderGrant[] = tenantGrant) =>
  registrationProblems(provider, grants).map((p) => p.pointer);

describe('registering a provider', () => {
  it('when every field is usable, then there is nothing to fix', () => {
    expect(registrationProblems(horizon, tenantGrant)).toEqual([]);
    expect(registrationProblems(horizon, [{ tenantId: TENANT, subject: `app:${APP}` }])).toEqual([]);
  });

  it('when the name, platform or support address cannot speak to clients, then each field is named', () => {
    expect(pointers({ ...horizon, name: ' ', platformName: 'x'.repeat(101), supportEmail: 'contact' })).toEqual([
      '#/name',
      '#/platformName',
      '#/supportEmail',
    ]);
    expect(pointers({ ...horizon, name: 'Agence\u0007Horizon' })).toEqual(['#/name']);
    expect(registrationProblems({ ...horizon, supportEmail: 'Contact@Horizon.example' }, tenantGrant)).toEqual([
      { pointer: '#/supportEmail', detail: 'must be written contact@horizon.example' },
    ]);
    expect(pointers({ ...horizon, platformDescription: 'x'.repeat(501) })).toEqual(['#/platformDescription']);
  });

  it('when the portal is not https (or localhost), then it is refused', () => {
    expect(pointers({ ...horizon, portalUrl: 'http://extranet.horizon.example' })).toEqual(['#/portalUrl']);
    expect(pointers({ ...horizon, portalUrl: 'extranet.horizon.example' })).toEqual(['#/portalUrl']);
    expect(pointers({ ...horizon, portalUrl: 'javascript:alert(1)' })).toEqual(['#/portalUrl']);
    expect(pointers({ ...horizon, portalUrl: 'http://localhost:3000/portal' })).toEqual([]);
  });

  it('when the documentation address is not a plain https:// URL of at most 2000 characters, then the field says why', () => {
    const problem = (documentationUrl: string) => registrationProblems({ ...horizon, documentationUrl }, tenantGrant);
    const only = (detail: string) => [{ pointer: '#/documentationUrl', detail }];
    expect(problem('https://aide.horizon.example/extranet?page=1#debut')).toEqual([]);
    expect(problem(`https://aide.horizon.example/${'a'.repeat(2000 - 29)}`)).toEqual([]);
    expect(problem(`https://aide.horizon.example/${'a'.repeat(2000 - 28)}`)).toEqual(
      only('must be at most 2000 characters'),
    );
    expect(problem('http://aide.horizon.example')).toEqual(only('must be an https:// URL'));
    // Unlike the portal, never plain http, not even on localhost: the address goes out in emails.
    expect(problem('http://localhost:3000/docs')).toEqual(only('must be an https:// URL'));
    expect(problem('javascript:alert(1)')).toEqual(only('must be an https:// URL'));
    expect(problem('aide.horizon.example')).toEqual(only('must be an absolute URL (https://…)'));
    expect(problem('')).toEqual(only('must be an absolute URL (https://…)'));
    expect(problem('https://ops:secret@aide.horizon.example')).toEqual(only('must not carry a user name or password'));
    expect(problem('https://aide.horizon.example/premiers pas')).toEqual(
      only('must not contain spaces or control characters'),
    );
    expect(problem('https://aide.horizon.example/\nBcc: x@evil.example')).toEqual(
      only('must not contain spaces or control characters'),
    );
    const { documentationUrl: _none, ...without } = horizon;
    expect(registrationProblems(without, tenantGrant)).toEqual([]);
  });

  it('when a description in a language is empty, too long or holds control characters, then that language is named', () => {
    expect(
      registrationProblems(
        { ...horizon, platformDescriptions: { fr: 'Votre espace.', en: 'Your space.' } },
        tenantGrant,
      ),
    ).toEqual([]);
    expect(
      registrationProblems({ ...horizon, platformDescriptions: { fr: ' ', en: 'x'.repeat(501) } }, tenantGrant),
    ).toEqual([
      {
        pointer: '#/platformDescriptions/fr',
        detail: 'must not be empty (leave it out to show the default description)',
      },
      { pointer: '#/platformDescriptions/en', detail: 'must be at most 500 characters' },
    ]);
    expect(pointers({ ...horizon, platformDescriptions: { en: 'Your\u0000space.' } })).toEqual([
      '#/platformDescriptions/en',
    ]);
    const unknown = { ...horizon, platformDescriptions: { de: 'Ihr Bereich.' } as Provider['platformDescriptions'] };
    expect(registrationProblems(unknown, tenantGrant)).toEqual([
      { pointer: '#/platformDescriptions/de', detail: 'is not a language of the service (fr, en)' },
    ]);
  });

  it('when a reader’s language has its own description, then it is shown; else the default one', () => {
    const both = { platformDescription: 'Default.', platformDescriptions: { fr: ' Français. ', en: 'English.' } };
    expect(platformDescriptionFor(both, 'fr')).toBe('Français.');
    expect(platformDescriptionFor(both, 'en')).toBe('English.');
    const onlyFrench = { platformDescription: ' Default. ', platformDescriptions: { fr: 'Français.' } };
    expect(platformDescriptionFor(onlyFrench, 'en')).toBe('Default.');
    expect(platformDescriptionFor({ platformDescription: 'Default.' }, 'fr')).toBe('Default.');
    expect(platformDescriptionFor({ platformDescription: '', platformDescriptions: { fr: 'Français.' } }, 'en')).toBe(
      '',
    );
  });

  it('when a code could not travel in a sign-in link, or the id is not a key, then it is refused', () => {
    expect(pointers({ ...horizon, agencyCodes: { client: 'HORI ZON', company: 'HZ/PARIS' } })).toEqual([
      '#/agencyCodes/client',
      '#/agencyCodes/company',
    ]);
    expect(pointers({ ...horizon, id: 'Agence Horizon' })).toEqual(['#/id']);
    expect(pointers({ ...horizon, id: 'code|HORIZON' })).toEqual(['#/id']);
  });

  it('when a grant does not name a tenant, person or app by GUID the way Entra writes them, then it is refused', () => {
    expect(pointers(horizon, [{ tenantId: 'gfms.example', subject: 'tenant' }])).toEqual(['#/grants/0']);
    expect(pointers(horizon, [{ tenantId: TENANT.toUpperCase(), subject: 'tenant' }])).toEqual(['#/grants/0']);
    expect(pointers(horizon, [{ tenantId: TENANT, subject: 'app:back-office' }])).toEqual(['#/grants/0']);
    expect(pointers(horizon, [{ tenantId: TENANT, subject: `group:${APP}` as `app:${string}` }])).toEqual([
      '#/grants/0',
    ]);
    expect(pointers(horizon, [...tenantGrant, ...tenantGrant])).toEqual(['#/grants/1']);
  });

  it('when a professional calls, then a person is looked up before their app, and the app before the tenant', () => {
    const base = { tenantId: TENANT, oid: 'oid-1', appId: APP, name: 'Camille', roles: [] };
    expect(grantSubjectsOf({ ...base, kind: 'user' })).toEqual(['user:oid-1', `app:${APP}`, 'tenant']);
    expect(grantSubjectsOf({ ...base, kind: 'app' })).toEqual([`app:${APP}`, 'tenant']);
  });
});

describe("seed 003's codes", () => {
  it('when a link carries the client code, in any case, with or without the company code, then it names the provider', () => {
    expect(normalizeAgencyCode(' hz-paris ')).toBe('HZ-PARIS');
    expect(matchesAgencyCodes(horizon, { client: 'HORIZON', company: 'HZ-PARIS' })).toBe(true);
    expect(matchesAgencyCodes(horizon, { client: 'horizon', company: 'hz-paris' })).toBe(true);
    expect(matchesAgencyCodes(horizon, { client: 'HORIZON' })).toBe(true);
  });

  it('when the company code is another, or the client code is missing or another, then it does not', () => {
    expect(matchesAgencyCodes(horizon, { client: 'HORIZON', company: 'HZ-LYON' })).toBe(false);
    expect(matchesAgencyCodes(horizon, { company: 'HZ-PARIS' })).toBe(false);
    expect(matchesAgencyCodes(horizon, { client: 'GFMS' })).toBe(false);
    const { agencyCodes: _, ...withoutCodes } = horizon;
    expect(matchesAgencyCodes(withoutCodes, { client: 'HORIZON' })).toBe(false);
  });
});

describe('starting a sign-in from a link with codes', () => {
  function signInWorld() {
    const world = fakeWorld();
    const providers = world.providers;
    providers.put(horizon);
    const attempt: SignInAttempt = { state: 's', nonce: 'n', codeVerifier: 'v', codeChallenge: 'c' };
    const signIn: ClientSignIn = {
      newAttempt: () => attempt,
      sameState: (a, b) => a === b,
      authorizeUrl: async ({ locale }) => `https://login.example/authorize?ui_locales=${locale}`,
      signOutUrl: () => 'https://login.example/logout',
      redeem: async () => {
        throw new Error('not in this test');
      },
    };
    const deps = { ...world.deps, signIn } as unknown as OnboardingDeps;
    return { deps, providers };
  }

  it('when the codes are a provider’s, then the sign-in starts in its context', async () => {
    const { deps } = signInWorld();
    const started = await beginSignIn(deps, { locale: 'fr', codes: { client: 'horizon', company: 'HZ-PARIS' } });
    expect(started.wanted).toEqual({ providerId: 'agence-horizon' });
    expect(started.authorizeUrl).toBe('https://login.example/authorize?ui_locales=fr');
  });

  it('when the codes name no provider, or the company code is another, then the sign-in still goes on, without context', async () => {
    const { deps } = signInWorld();
    for (const codes of [{ client: 'NOPE' }, { client: 'HORIZON', company: 'HZ-LYON' }, { company: 'HZ-PARIS' }, {}]) {
      const started = await beginSignIn(deps, { locale: 'en', codes });
      expect(started.wanted).toEqual({});
      expect(started.authorizeUrl).toContain('authorize');
    }
  });
});

describe('updating a provider (npm run provider -- update)', () => {
  it('when fields are given, then only they change; id, codes and status are kept', () => {
    const inactive: Provider = { ...horizon, status: 'inactive' };
    const updated = applyProviderChanges(inactive, {
      name: 'Agence Horizon SA',
      documentationUrl: 'https://aide.horizon.example/v2',
      platformDescriptions: { en: 'Your owner space.' },
    });
    expect(updated).toEqual({
      ...inactive,
      name: 'Agence Horizon SA',
      documentationUrl: 'https://aide.horizon.example/v2',
      platformDescriptions: { en: 'Your owner space.' },
    });
    expect(providerDifferences(inactive, updated)).toEqual([
      { field: 'name', before: 'Agence Horizon', after: 'Agence Horizon SA' },
      { field: 'platformDescriptions/en', after: 'Your owner space.' },
      {
        field: 'documentationUrl',
        before: 'https://aide.horizon.example/extranet/premiers-pas',
        after: 'https://aide.horizon.example/v2',
      },
    ]);
  });

  it('when a field is null, then it is removed, and the descriptions by language go when none is left', () => {
    const withFrench = { ...horizon, platformDescriptions: { fr: 'Votre espace.', en: 'Your space.' } };
    const updated = applyProviderChanges(withFrench, {
      supportEmail: null,
      portalUrl: null,
      documentationUrl: null,
      platformDescriptions: { fr: null },
    });
    expect(updated).not.toHaveProperty('supportEmail');
    expect(updated).not.toHaveProperty('portalUrl');
    expect(updated).not.toHaveProperty('documentationUrl');
    expect(updated.platformDescriptions).toEqual({ en: 'Your space.' });
    expect(applyProviderChanges(updated, { platformDescriptions: { en: null } })).not.toHaveProperty(
      'platformDescriptions',
    );
    expect(providerDifferences(withFrench, updated).map((d) => [d.field, d.after])).toEqual([
      ['platformDescriptions/fr', undefined],
      ['supportEmail', undefined],
      ['portalUrl', undefined],
      ['documentationUrl', undefined],
    ]);
  });

  it('when the values are the stored ones, then there is no difference', () => {
    expect(
      providerDifferences(
        horizon,
        applyProviderChanges(horizon, { name: horizon.name, portalUrl: horizon.portalUrl! }),
      ),
    ).toEqual([]);
    expect(
      providerDifferences(
        { ...horizon, platformDescription: '' },
        applyProviderChanges({ ...horizon, platformDescription: '' }, { platformDescription: '' }),
      ),
    ).toEqual([]);
  });

  it('when the updated provider goes through the email composer, then the invitation shows its new documentation and description', () => {
    const old: Provider = { ...horizon };
    delete old.documentationUrl;
    const updated = applyProviderChanges(old, {
      documentationUrl: 'https://aide.horizon.example/guide',
      platformDescriptions: { fr: 'Votre nouvel espace copropriétaire.' },
    });
    const compose = (provider: Provider) =>
      invitationEmailComposer.compose({
        invitation: {
          locale: 'fr',
          firstName: 'Willy',
          lastName: 'URS',
          invitedBy: { name: 'Tamer' },
          expiresAt: new Date('2026-11-30T18:30:00Z'),
        } as never,
        provider,
        acceptUrl: 'https://invite.example/api/InviteUser?invitationId=i&key=k',
        reason: 'invitation',
      });
    const before = compose(old);
    expect(before.html).not.toContain('https://aide.horizon.example/guide');
    const after = compose(updated);
    expect(after.html).toContain('href="https://aide.horizon.example/guide"');
    expect(after.text).toContain('https://aide.horizon.example/guide');
    expect(after.text).toContain('Votre nouvel espace copropriétaire.');
    expect(after.text).not.toContain(horizon.platformDescription);
  });
});
