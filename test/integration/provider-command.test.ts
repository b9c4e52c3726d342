/**
 * `npm run provider`: the compiled command (dist/scripts/provider.js) against the integration stack's Azurite,
 * through the real Tables SDK, as ops run it — add, update, list, deactivate; a taken code or grant refused; an
 * update refused when the provider changed meanwhile; the
 * professional of a newly added provider inviting through the API, then refused once it is deactivated; and
 * seed 003's sign-in links finding their provider by its codes.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { runProviderCommand } from '../../scripts/provider.js';
import { processSurroundings } from '../../scripts/provider-storage.js';
import {
  findProvider,
  PROVIDER_CACHE_MS,
  registerProvider,
  tableProviderDirectory,
  updateProvider,
} from '../../shared/adapters/table/provider-directory.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { Invitation } from '../../shared/domain/invitation.js';
import type { Provider } from '../../shared/domain/provider.js';
import { invitationEmailComposer } from '../../shared/web/invitation-email-composer.js';
import { printed, runScript, stackFileCopy } from '../support/commands.js';
import { getInvitation, invitationFor, invite, pageText, sleep } from '../support/invitations.js';
import { createClientAccount, onboardThroughEntra, signInThroughEntra, Visitor } from '../support/onboarding-http.js';
import { stackDeps } from '../support/onboarding-store.js';
import { api, stack, uniqueEmail } from '../support/stack.js';

const stackFile = stackFileCopy('provider-command');
const provider = (...args: string[]) => runScript('provider', [...args, '--stack', stackFile()]);

const workforce = () => stack().entra.workforce;
const uniqueCode = (label: string) => `${label}-${randomUUID().slice(0, 8)}`.toUpperCase();
/** The line of `list` that shows this provider id. */
const listed = async (id: string) =>
  (await provider('list')).stdout.split('\n').find((line) => line.includes(` ${id} `));

/** An app-only token of the workforce app no seeded provider names. */
async function newProviderToken(): Promise<string> {
  const client = workforce().newProviderClient;
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      authority: workforce().authority,
      knownAuthorities: [new URL(stack().entra.url).host],
    },
  });
  const result = await app.acquireTokenByClientCredential({ scopes: [`${workforce().apiAudience}/.default`] });
  if (!result?.accessToken) throw new Error('no token for the new provider’s app');
  return result.accessToken;
}

describe('npm run provider against the local stack', () => {
  it('when the stack starts, then its two providers are listed with their seed-003 codes', async () => {
    const run = await provider('list');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+ID\s+CODES\s+STATUS\s+ACTS FOR$/);
    expect(lines.find((l) => l.startsWith('GFMS '))).toMatch(
      new RegExp(`^GFMS\\s+gfms\\s+client=GFMS\\s+active\\s+tenant ${workforce().tenantId}$`),
    );
    expect(lines.find((l) => l.startsWith('Agence Horizon '))).toMatch(
      new RegExp(
        `^Agence Horizon\\s+agence-horizon\\s+client=HORIZON&societe=HZ-PARIS\\s+active\\s+app:${workforce().otherProviderClient.clientId} \\(tenant ${workforce().tenantId}\\), user:[0-9a-f-]{36} \\(tenant ${workforce().tenantId}\\)$`,
      ),
    );
  });

  it('when ops add a provider for an app, then its professional invites; once deactivated it is refused with provider-inactive, its record and codes kept', async () => {
    const code = uniqueCode('ops');
    const added = await provider(
      'add',
      '--name',
      'Agence Lumière',
      '--tenant',
      workforce().tenantId.toUpperCase(),
      '--app',
      workforce().newProviderClient.clientId,
      '--code',
      code.toLowerCase(),
      '--company-code',
      'lum-lyon',
      '--support-email',
      'contact@lumiere.example',
      '--platform',
      'Extranet Lumière',
      '--portal-url',
      'https://extranet.lumiere.example',
      '--documentation-url',
      'https://aide.lumiere.example/extranet/premiers-pas',
      '--description-fr',
      'Votre extranet de copropriétaire.',
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Provider added to the local stack');
    const id = printed(added, 'id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(printed(added, 'codes')).toBe(`client=${code}&societe=LUM-LYON`);
    expect(printed(added, 'sign-in')).toBe(
      `${new URL(stack().functions.baseUrl).origin}/api/SignIn?client=${code}&societe=LUM-LYON`,
    );

    // What the app reads, through its own adapter and the real SDK.
    const directory = tableProviderDirectory(stackDeps().tableFor);
    expect(await directory.byAgencyCode(code.toLowerCase())).toEqual({
      id,
      name: 'Agence Lumière',
      platformName: 'Extranet Lumière',
      platformDescription: '',
      platformDescriptions: { fr: 'Votre extranet de copropriétaire.' },
      supportEmail: 'contact@lumiere.example',
      portalUrl: 'https://extranet.lumiere.example',
      documentationUrl: 'https://aide.lumiere.example/extranet/premiers-pas',
      agencyCodes: { client: code, company: 'LUM-LYON' },
      status: 'active',
    } satisfies Provider);
    expect(await listed(id)).toMatch(
      new RegExp(
        `^Agence Lumière\\s+${id}\\s+client=${code}&societe=LUM-LYON\\s+active\\s+app:${workforce().newProviderClient.clientId}`,
      ),
    );

    const raw = await newProviderToken();
    const created = await invite(invitationFor(uniqueEmail('lumiere'), { sendEmail: false }), { as: { raw } });
    expect(created.status, created.text).toBe(201);
    expect((await getInvitation(created.body.id, { raw })).status).toBe(200);
    expect((await getInvitation(created.body.id, 'user')).status, 'GFMS does not see it').toBe(404);

    const deactivated = await provider('deactivate', code.toLowerCase());
    expect(deactivated.stderr).toBe('');
    expect(deactivated.code).toBe(0);
    expect(deactivated.stdout).toContain(`Agence Lumière (${id}) is now inactive.`);
    expect(await listed(id)).toMatch(new RegExp(`\\s+client=${code}&societe=LUM-LYON\\s+inactive\\s+app:`));
    expect((await provider('deactivate', id)).stdout).toContain('is already inactive');

    // The host caches a provider at most PROVIDER_CACHE_MS: then its professional is refused.
    await sleep(PROVIDER_CACHE_MS + 500);
    const refused = await invite(invitationFor(uniqueEmail('lumiere-late'), { sendEmail: false }), { as: { raw } });
    expect(refused.status, refused.text).toBe(403);
    expect(refused.body).toMatchObject({ status: 403, code: 'provider-inactive' });
    expect(refused.body.detail).toBe('Agence Lumière does not use this service any more.');
    expect(await directory.byAgencyCode(code)).toMatchObject({ id, status: 'inactive', agencyCodes: { client: code } });

    const reused = await provider(
      'add',
      '--name',
      'Lumière bis',
      '--tenant',
      workforce().tenantId,
      '--app',
      randomUUID(),
      '--code',
      code,
      '--support-email',
      'bis@lumiere.example',
    );
    expect(reused.code, 'a deactivated provider keeps its code').toBe(1);
    expect(reused.stderr).toContain(`The client code ${code} already belongs to Agence Lumière (${id}).`);
  }, 45_000);

  it('when the code is already a provider’s, then add is refused with exit 1 naming it, and nothing is written', async () => {
    const id = `dup-${randomUUID().slice(0, 8)}`;
    const run = await provider(
      'add',
      '--id',
      id,
      '--name',
      'Copycat',
      '--tenant',
      workforce().tenantId,
      '--app',
      randomUUID(),
      '--code',
      'gfms',
      '--support-email',
      'copy@cat.example',
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('Refused: The client code GFMS already belongs to GFMS (gfms).\n');
    expect(await findProvider(stackDeps().tableFor, id)).toBeUndefined();
  });

  it('when the whole tenant already acts for GFMS, then add without --app or --user is refused and says what to do', async () => {
    const code = uniqueCode('tenant');
    const run = await provider(
      'add',
      '--name',
      'Tenant thief',
      '--tenant',
      workforce().tenantId,
      '--code',
      code,
      '--support-email',
      'thief@example.com',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Refused: The whole tenant ${workforce().tenantId} already acts for GFMS (gfms).`);
    expect(run.stderr).toContain('--app <client id>');
    expect(await tableProviderDirectory(stackDeps().tableFor).byAgencyCode(code)).toBeUndefined();
  });

  it('when the tenant is not the one the service accepts, or an id is not a GUID, then exit 2 before anything is written', async () => {
    const code = uniqueCode('tenant');
    const other = randomUUID();
    const wrongTenant = await provider(
      'add',
      '--name',
      'Elsewhere',
      '--tenant',
      other,
      '--code',
      code,
      '--support-email',
      'x@elsewhere.example',
    );
    expect(wrongTenant.code).toBe(2);
    expect(wrongTenant.stderr).toContain(`accepts professionals of the workforce tenant ${workforce().tenantId} only`);
    const badApp = await provider(
      'add',
      '--name',
      'Bad app',
      '--tenant',
      workforce().tenantId,
      '--app',
      'back-office',
      '--code',
      code,
      '--support-email',
      'x@y.example',
    );
    expect(badApp.code).toBe(2);
    expect(badApp.stderr).toContain(`--app must be an app's client id (a GUID), not "back-office".`);
    const missing = await provider(
      'add',
      '--name',
      'No code',
      '--tenant',
      workforce().tenantId,
      '--support-email',
      'x@y.example',
    );
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('--code is required for add.');
    expect(await tableProviderDirectory(stackDeps().tableFor).byAgencyCode(code)).toBeUndefined();
  });

  it('when deactivate names no provider, then exit 1 and it says so', async () => {
    const run = await provider('deactivate', 'NO-SUCH-CODE');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No provider has the id or client code "NO-SUCH-CODE"');
  });

  it('when the stack file is missing, then exit 1 and it says to start the stack', async () => {
    const run = await runScript('provider', ['list', '--stack', path.join(path.dirname(stackFile()), 'none.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Start the local stack first: npm start');
  });

  it('when five registrations race for one code, then exactly one wins and the others are refused naming it', async () => {
    const code = uniqueCode('race');
    const ids = Array.from({ length: 5 }, (_, i) => `race-${i}-${randomUUID().slice(0, 8)}`);
    const outcomes = await Promise.allSettled(
      ids.map((id) =>
        registerProvider(
          stackDeps().tableFor,
          {
            id,
            name: `Racer ${id}`,
            platformName: 'Race',
            platformDescription: '',
            supportEmail: 'race@example.com',
            agencyCodes: { client: code },
            status: 'active',
          },
          [{ tenantId: workforce().tenantId, subject: `app:${randomUUID()}` }],
        ),
      ),
    );
    const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [ids[i]!] : []));
    expect(won).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') continue;
      expect(outcome.reason).toBeInstanceOf(DomainError);
      expect(outcome.reason).toMatchObject({
        code: 'agency-code-taken',
        details: { agencyCode: code, holder: { id: won[0] } },
      });
    }
    expect((await tableProviderDirectory(stackDeps().tableFor).byAgencyCode(code))?.id).toBe(won[0]);
    const losers = await Promise.all(
      ids.filter((id) => id !== won[0]).map((id) => findProvider(stackDeps().tableFor, id)),
    );
    expect(losers, 'a refused registration leaves nothing behind').toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('npm run provider -- update against the local stack', () => {
  /** A provider as one registered before the documentation and descriptions by language existed, for an app. */
  async function oldProvider(label: string) {
    const id = `${label}-${randomUUID().slice(0, 8)}`;
    const code = uniqueCode(label);
    const added = await provider(
      'add',
      '--id',
      id,
      '--name',
      'Agence Ancienne',
      '--tenant',
      workforce().tenantId,
      '--app',
      randomUUID(),
      '--code',
      code,
      '--company-code',
      'anc-nantes',
      '--support-email',
      'contact@ancienne.example',
      '--description',
      'Your owner space.',
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    return { id, code };
  }

  it('when ops give a deactivated provider its documentation and descriptions, then only those change, the change is printed, and its invitation email shows them', async () => {
    const { id, code } = await oldProvider('upd');
    expect((await provider('deactivate', id)).code).toBe(0);
    const before = await listed(id);

    const updated = await provider(
      'update',
      code.toLowerCase(),
      '--documentation-url',
      'https://aide.ancienne.example/premiers-pas',
      '--description-fr',
      'Votre espace de copropriétaire.',
      '--platform',
      'Extranet Ancienne',
      '--support-email',
      '',
    );
    expect(updated.stderr).toBe('');
    expect(updated.code).toBe(0);
    expect(updated.stdout.split('\n').slice(0, 5)).toEqual([
      `Provider updated in the local stack (${stackFile()}): Agence Ancienne (${id})`,
      '  platform           "Agence Ancienne" → "Extranet Ancienne"',
      '  description-fr     (none) → "Votre espace de copropriétaire."',
      '  support-email      "contact@ancienne.example" → (none)',
      '  documentation-url  (none) → "https://aide.ancienne.example/premiers-pas"',
    ]);

    // What the app reads: the new fields; the id, codes, status and grants as they were.
    const stored = await tableProviderDirectory(stackDeps().tableFor).byAgencyCode(code);
    expect(stored).toMatchObject({
      id,
      name: 'Agence Ancienne',
      platformName: 'Extranet Ancienne',
      platformDescription: 'Your owner space.',
      platformDescriptions: { fr: 'Votre espace de copropriétaire.' },
      documentationUrl: 'https://aide.ancienne.example/premiers-pas',
      agencyCodes: { client: code, company: 'ANC-NANTES' },
      status: 'inactive',
    });
    expect(stored).not.toHaveProperty('supportEmail');
    expect(stored?.inactiveSince).toBeInstanceOf(Date);
    expect(await listed(id), 'name, codes, status and who acts for it').toBe(before);

    // The dispatcher composes each email with the provider as the directory reads it at send time.
    const compose = (locale: 'fr' | 'en') =>
      invitationEmailComposer.compose({
        invitation: {
          locale,
          firstName: 'Willy',
          lastName: 'URS',
          invitedBy: { name: 'Tamer' },
          expiresAt: new Date(Date.now() + 86_400_000),
        } as Invitation,
        provider: stored!,
        acceptUrl: api('/InviteUser?invitationId=x&key=y'),
        reason: 'invitation',
      });
    const french = compose('fr');
    expect(french.html).toContain('href="https://aide.ancienne.example/premiers-pas"');
    expect(french.text).toContain('Votre espace de copropriétaire.');
    expect(french.text).toContain('Extranet Ancienne');
    expect(compose('en').text).toContain('Your owner space.');

    const again = await provider('update', id, '--documentation-url', 'https://aide.ancienne.example/premiers-pas');
    expect(again).toMatchObject({
      code: 0,
      stderr: '',
      stdout: `Nothing to change: Agence Ancienne (${id}) already has these values.\n`,
    });
  }, 30_000);

  it('when an update names no provider, a code, or a value the record cannot hold, then it is refused and nothing is written', async () => {
    const { id, code } = await oldProvider('upd-bad');
    const unknown = await provider('update', 'no-such-provider', '--name', 'X');
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toContain('No provider has the id or client code "no-such-provider"');

    const recode = await provider('update', id, '--code', 'OTHER');
    expect(recode).toMatchObject({ code: 2, stdout: '' });
    expect(recode.stderr).toContain("--code cannot be given to update: a provider's client code never changes");

    const bad = await provider('update', id, '--name', 'Agence Renommée', '--documentation-url', 'http://aide.example');
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toBe('--documentation-url must be an https:// URL.\nSee: npm run provider -- --help\n');
    expect(await tableProviderDirectory(stackDeps().tableFor).byAgencyCode(code)).toMatchObject({
      name: 'Agence Ancienne',
      status: 'active',
    });
  });

  it('when the provider is changed by someone else between the read and the write, then the update is refused and writes nothing', async () => {
    const { id, code } = await oldProvider('upd-race');
    // The command's own requests to Azurite; just before its write of the provider row, another update lands.
    const network = createDefaultHttpClient();
    let stepped = false;
    const between: HttpClient = {
      async sendRequest(request) {
        const row = decodeURIComponent(new URL(request.url).pathname).endsWith(`RowKey='${id}')`);
        if (row && request.method !== 'GET' && !stepped) {
          stepped = true;
          await updateProvider(stackDeps().tableFor, id, { portalUrl: 'https://extranet.ancienne.example' });
        }
        return network.sendRequest(request);
      },
    };
    const out: string[] = [];
    const err: string[] = [];
    const exit = await runProviderCommand(
      ['update', id, '--documentation-url', 'https://aide.ancienne.example', '--stack', stackFile()],
      { out: (line) => out.push(line), err: (line) => err.push(line) },
      processSurroundings(),
      { httpClient: between },
    );
    expect(stepped).toBe(true);
    expect({ code: exit, out, err }).toEqual({
      code: 1,
      out: [],
      err: [
        `Refused: Agence Ancienne (${id}) was changed by someone else while this update ran; nothing was written. Look at it again (npm run provider -- list) and run the update again.`,
      ],
    });
    const stored = await tableProviderDirectory(stackDeps().tableFor).byAgencyCode(code);
    expect(stored?.portalUrl).toBe('https://extranet.ancienne.example');
    expect(stored).not.toHaveProperty('documentationUrl');
  });
});

describe("seed 003's sign-in links", () => {
  it('when a client of GFMS and Agence Horizon follows a link with an agency’s codes, then the sign-in lands in that agency; unknown codes still sign in', async () => {
    const email = uniqueEmail('codes');
    const who = { email, password: 'Codes-Pass-12345' };
    await createClientAccount(email, who.password, 'Willy Urs');
    const company = (name: string) => ({
      name,
      address: { line1: '2 avenue Foch', postalCode: '75016', city: 'Paris', country: 'FR' },
    });
    const gfms = await invite(
      invitationFor(email, { sendEmail: false, locale: 'en', company: company('Urs GFMS SARL') }),
    );
    expect(gfms.status).toBe(201);
    await onboardThroughEntra(String(gfms.body.acceptUrl), who);
    const horizon = await invite(
      invitationFor(email, { sendEmail: false, locale: 'en', company: company('Urs Horizon SCI') }),
      { as: 'other-provider' },
    );
    expect(horizon.status).toBe(201);
    await onboardThroughEntra(String(horizon.body.acceptUrl), who);

    async function signInWith(query: string) {
      const visitor = new Visitor();
      const { callback } = await signInThroughEntra(visitor, who, `${query}&prompt=login&lang=en`);
      return { visitor, callback };
    }

    const atHorizon = await signInWith('client=horizon&societe=HZ-PARIS');
    expect(atHorizon.callback.status).toBe(303);
    expect(atHorizon.callback.location).toBe(api('/Welcome'));
    const horizonHome = pageText((await atHorizon.visitor.get(api('/Welcome'))).body);
    expect(horizonHome).toContain('Welcome to Extranet Horizon');
    expect(horizonHome).toContain('Urs Horizon SCI');

    const atGfms = await signInWith('client=GFMS');
    expect(atGfms.callback.location).toBe(api('/Welcome'));
    expect(pageText((await atGfms.visitor.get(api('/Welcome'))).body)).toContain('Welcome to My rConnect');

    for (const query of ['client=NOPE&societe=HZ-PARIS', 'client=HORIZON&societe=HZ-LYON', 'societe=agence-horizon']) {
      const unknown = await signInWith(query);
      expect(unknown.callback.status, query).toBe(303);
      expect(unknown.callback.location, `${query}: no context, the picker`).toBe(api('/SignIn/choose'));
    }
  }, 60_000);
});
