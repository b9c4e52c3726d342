/**
 * What a signed-in client is shown, read through the ports: the company picker's named choices and the welcome
 * page at their current (provider, company).
 */
import { describe, expect, it } from 'vitest';
import type { ClientProfile, ClientRecord, OwnedCompany } from '../../shared/domain/client.js';
import { companyChoices, welcomeView } from '../../shared/domain/use-cases/sign-in.js';
import { GFMS } from '../support/fakes.js';
import { HORIZON, NOUR_KEY, NOUR_SINCE, nourAccount, onboardingWorld } from '../support/onboarding-fakes.js';

const KEY = NOUR_KEY;
const at = NOUR_SINCE;

function record(providerId: string, firstName: string, lastName: string): ClientRecord {
  return {
    providerId,
    clientId: 'client-1',
    firstName,
    lastName,
    email: 'mohamed-nour@example.com',
    access: { status: 'active', since: at },
    firstSignInAt: at,
    createdAt: at,
  };
}

function company(id: string, providerId: string, name: string): OwnedCompany {
  return { id, providerId, invitationId: `inv-${id}`, role: 'owner', company: { name }, createdAt: at };
}

function profile(records: ClientRecord[], companies: OwnedCompany[]): ClientProfile {
  return {
    account: nourAccount(),
    records,
    companies,
  };
}

describe('the company picker', () => {
  it('when the client has companies with two providers, then each choice is named by its provider and company', async () => {
    const world = onboardingWorld();
    world.providers.put(HORIZON);
    world.clients.put(
      profile(
        [record(GFMS.id, 'Mohamed-Nour', 'Benali'), record(HORIZON.id, 'Nour', 'Benali')],
        [company('c-1', GFMS.id, 'Benali Transports'), company('c-2', HORIZON.id, 'Benali Immobilier')],
      ),
    );
    const choices = [
      { providerId: GFMS.id, companyId: 'c-1' },
      { providerId: HORIZON.id, companyId: 'c-2' },
      { providerId: HORIZON.id },
    ];
    const named = await companyChoices(world.onboarding, { clientKey: KEY, choices });
    expect(named).toEqual([
      { choice: choices[0], providerName: 'GFMS', companyName: 'Benali Transports' },
      { choice: choices[1], providerName: 'Agence Horizon', companyName: 'Benali Immobilier' },
      { choice: choices[2], providerName: 'Agence Horizon', companyName: '' },
    ]);
    expect(world.clients.reads).toEqual([KEY]);
  });

  it('when a provider or a company is no longer found, then the choice still shows, by the provider id and no name', async () => {
    const world = onboardingWorld();
    const choices = [{ providerId: 'gone', companyId: 'c-9' }];
    const named = await companyChoices(world.onboarding, { clientKey: KEY, choices });
    expect(named).toEqual([{ choice: choices[0], providerName: 'gone', companyName: '' }]);
  });
});

describe('the welcome page', () => {
  it('when the client is at a company, then it shows the provider’s words, their name as the provider knows it and the company', async () => {
    const world = onboardingWorld();
    world.providers.put(HORIZON);
    world.clients.put(
      profile(
        [record(GFMS.id, 'Mohamed-Nour', 'Benali'), record(HORIZON.id, 'Nour', 'Benali')],
        [company('c-1', GFMS.id, 'Benali Transports'), company('c-2', HORIZON.id, 'Benali Immobilier')],
      ),
    );
    const view = await welcomeView(world.onboarding, {
      clientKey: KEY,
      name: 'Nour B.',
      current: { providerId: HORIZON.id, companyId: 'c-2' },
    });
    expect(view).toEqual({
      provider: {
        name: 'Agence Horizon',
        platformName: 'Horizon Online',
        supportEmail: 'help@horizon.example',
        portalUrl: 'https://portal.horizon.example',
      },
      client: { firstName: 'Nour', lastName: 'Benali' },
      company: { name: 'Benali Immobilier' },
    });
  });

  it('when the provider has no portal and the client no company there, then no links and no company', async () => {
    const world = onboardingWorld();
    world.clients.put(profile([record(GFMS.id, 'Mohamed-Nour', 'Benali')], []));
    const view = await welcomeView(world.onboarding, {
      clientKey: KEY,
      name: 'Nour B.',
      current: { providerId: GFMS.id },
    });
    expect(view).toEqual({
      provider: { name: 'GFMS', platformName: 'My rConnect', supportEmail: 'support@gfms.example' },
      client: { firstName: 'Mohamed-Nour', lastName: 'Benali' },
    });
  });

  it('when neither the client’s record nor the provider is found, then the signed-in name and empty words', async () => {
    const world = onboardingWorld();
    const view = await welcomeView(world.onboarding, {
      clientKey: KEY,
      name: 'Nour B.',
      current: { providerId: 'gone' },
    });
    expect(view).toEqual({
      provider: { name: '', platformName: '', supportEmail: '' },
      client: { firstName: 'Nour B.', lastName: '' },
    });
  });
});
