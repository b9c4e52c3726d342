/**
 * Client files (issue 11, items 1–3): search normalization, the professional's use cases (create, edit, sheet,
 * search) on the in-memory store, and what an accepted invitation does to the invited address's file.
 */
import { describe, expect, it } from 'vitest';
import { phoneNumbers } from '../../shared/adapters/phone-numbers.js';
import {
  fileMatches,
  nameTokens,
  normalizeText,
  parseSearch,
  summarizeClientFile,
} from '../../shared/domain/client-search.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { ActingProfessional } from '../../shared/domain/provider.js';
import { beginAcceptance, completeAcceptance } from '../../shared/domain/use-cases/accept-invitation.js';
import {
  acceptedInvitation,
  clientSheet,
  createClientFile,
  editClientFile,
  linkClientFile,
  SEARCH_LIMIT,
  searchClients,
} from '../../shared/domain/use-cases/client-files.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { completeSignIn } from '../../shared/domain/use-cases/sign-in.js';
import { clientFilesWorld, FakeClientCodes } from '../support/client-file-fakes.js';
import { invitationDetails, professionalUser } from '../support/fakes.js';
import { NOUR_KEY } from '../support/onboarding-fakes.js';

const otherProvider: ActingProfessional = { ...professionalUser, oid: 'oid-other', providerId: 'horizon' };

const world = clientFilesWorld;

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

describe('search text, normalized', () => {
  it('when names are normalized, then case, accents and ligatures go, words split on spaces, hyphens, apostrophes, and words joined by them count as one too', () => {
    expect(normalizeText('ÉLODIE Œuvré Æsir Straße')).toBe('elodie oeuvre aesir strasse');
    expect(nameTokens('Jean-Pierre', "d'Artagnan  Núñez")).toEqual([
      'jean',
      'pierre',
      'jeanpierre',
      'd',
      'artagnan',
      'nunez',
      'dartagnan',
    ]);
    expect(nameTokens('Anne anne ANNE')).toEqual(['anne']);
  });

  it('when a name holds an apostrophe, then “obrien” and “o’brien” find O’Brien and OBRIEN alike (QA: one of them opened alone)', () => {
    const obrien = { firstName: 'Zoë-Ånne', lastName: "O'Brien" };
    const plain = { firstName: 'Zoé', lastName: 'OBRIEN' };
    const file = (names: typeof obrien) => ({ ...names }) as never;
    for (const typed of ['obrien', "o'brien", 'O’Brien', 'obri', 'brien zoe']) {
      const terms = parseSearch(typed, phoneNumbers);
      const found = [obrien, plain].filter((names) => fileMatches(file(names), terms));
      expect(
        found.map((n) => n.lastName),
        typed,
      ).toEqual(typed === 'brien zoe' ? ["O'Brien"] : ["O'Brien", 'OBRIEN']);
    }
    // A hyphen still separates words: "jean-pierre" finds Jean Pierre too.
    expect(parseSearch('jean-pierre', phoneNumbers)).toEqual({ kind: 'name', tokens: ['jean', 'pierre'] });
    expect(
      fileMatches(file({ firstName: 'Jean Pierre', lastName: 'Viron' }), parseSearch('jeanpierre', phoneNumbers)),
    ).toBe(false);
    expect(
      fileMatches(file({ firstName: 'Jean-Pierre', lastName: 'Viron' }), parseSearch('jeanpierre', phoneNumbers)),
    ).toBe(true);
  });

  it('when a search holds @, then it is an address, normalized as stored', () => {
    expect(parseSearch('  Claire.Dupont@Example.FR ', phoneNumbers)).toEqual({
      kind: 'email',
      email: 'claire.dupont@example.fr',
    });
  });

  it('when a search looks like a phone number, then it is read as one (French national numbers too)', () => {
    expect(parseSearch('06 12 34 56 78', phoneNumbers)).toEqual({ kind: 'phone', phone: '+33612345678' });
    expect(parseSearch('+33 6.12.34.56.78', phoneNumbers)).toEqual({ kind: 'phone', phone: '+33612345678' });
  });

  it('when a search is words, then they are name tokens, at most five', () => {
    expect(parseSearch('Dup CLÉ', phoneNumbers)).toEqual({ kind: 'name', tokens: ['dup', 'cle'] });
    expect(parseSearch('a b c d e f g', phoneNumbers)).toEqual({ kind: 'name', tokens: ['a', 'b', 'c', 'd', 'e'] });
  });
});

describe('a professional creates a prospect', () => {
  it('when a file was merged into another, then its sheet names the file kept (one more read), and an unmerged sheet reads none', async () => {
    const w = world();
    const kept = await createClientFile(w.cf, professionalUser, { firstName: 'Noura', lastName: 'Dupont' });
    const closed = await createClientFile(w.cf, professionalUser, { firstName: 'Nour', lastName: 'Dupond' });
    expect((await clientSheet(w.cf, professionalUser, closed.value.id)).mergedInto).toBeUndefined();
    await w.files.replace(
      { ...closed.value, access: { status: 'merged', since: w.clock.now(), into: kept.value.id } },
      closed,
    );
    const sheet = await clientSheet(w.cf, professionalUser, closed.value.id);
    expect(sheet.mergedInto).toEqual({ id: kept.value.id, firstName: 'Noura', lastName: 'Dupont' });
  });

  it('when created, then it is a prospect with an identification code, its phone in E.164 and its fields', async () => {
    const w = world();
    const created = await createClientFile(w.cf, professionalUser, {
      civility: 'mrs',
      firstName: 'Élodie',
      lastName: 'Lefèvre',
      email: 'elodie@example.com',
      phone: '06 29 30 34 34',
      department: '33 - Gironde',
      referrer: 'The invisible man',
      advisor: 'Paul Durand',
      mobileApp: { offered: true, usableUntil: '2026-09-24' },
    });
    expect(created.value).toMatchObject({
      status: 'prospect',
      providerId: professionalUser.providerId,
      identificationCode: expect.stringMatching(/^[2-9A-HJKMNP-Z]{8}$/),
      phone: '+33629303434',
      emails: { primary: 'elodie@example.com', secondary: [] },
      mobileApp: { offered: true, usableUntil: '2026-09-24' },
      createdBy: professionalUser.oid,
    });
    expect(w.files.codes.get(created.value.identificationCode!)).toEqual({
      providerId: professionalUser.providerId,
      clientId: created.value.id,
    });
  });

  it('when the phone is not a number the library reads, then it is refused at #/phone and nothing is written', async () => {
    const w = world();
    const error = await refusal(
      createClientFile(w.cf, professionalUser, { firstName: 'A', lastName: 'B', phone: '+33 1 2' }),
    );
    expect(error.code).toBe('validation-failed');
    expect(error.details.errors).toEqual([{ pointer: '#/phone', detail: expect.any(String) }]);
    expect(w.files.files.size).toBe(0);
    expect(w.files.codes.size).toBe(0);
  });

  it('when a fixed line is given, then it is kept for the record', async () => {
    const w = world();
    const created = await createClientFile(w.cf, professionalUser, {
      firstName: 'A',
      lastName: 'B',
      phone: '05 56 00 00 00',
    });
    expect(created.value.phone).toBe('+33556000000');
  });

  it('when another file of the provider has the primary address, then 409 client-exists names it and nothing is written', async () => {
    const w = world();
    const first = await createClientFile(w.cf, professionalUser, {
      firstName: 'Claire',
      lastName: 'Dupont',
      email: 'claire@example.com',
    });
    const codes = w.files.codes.size;
    const error = await refusal(
      createClientFile(w.cf, professionalUser, { firstName: 'C', lastName: 'D', email: 'claire@example.com' }),
    );
    expect(error.code).toBe('client-exists');
    expect(error.details).toEqual({ clientId: first.value.id });
    expect(w.files.files.size).toBe(1);
    expect(w.files.codes.size).toBe(codes);
    // Another provider may have its own file for the same person.
    await createClientFile(w.cf, otherProvider, { firstName: 'C', lastName: 'D', email: 'claire@example.com' });
    expect(w.files.files.size).toBe(2);
  });

  it('when the identification code drawn is taken, then another is drawn', async () => {
    const w = world();
    const taken = new FakeClientCodes().newIdentificationCode();
    await w.files.claimIdentificationCode(taken, 'elsewhere', 'someone');
    const created = await createClientFile(w.cf, professionalUser, { firstName: 'A', lastName: 'B' });
    expect(created.value.identificationCode).not.toBe(taken);
  });
});

describe('a professional edits a file', () => {
  it('when fields are given, then they replace the file’s, null clears, the rest and the code stay', async () => {
    const w = world();
    const created = await createClientFile(w.cf, professionalUser, {
      firstName: 'Claire',
      lastName: 'Dupont',
      email: 'claire@example.com',
      phone: '+33612345678',
      advisor: 'Paul Durand',
      mobileApp: { offered: true, usableUntil: '2026-01-01' },
    });
    const edited = await editClientFile(w.cf, professionalUser, created.value.id, {
      lastName: 'Dupont-Martin',
      phone: null,
      advisor: null,
      department: '33 - Gironde',
      mobileApp: { usableUntil: '2027-01-01' },
    });
    expect(edited.value).toMatchObject({
      firstName: 'Claire',
      lastName: 'Dupont-Martin',
      department: '33 - Gironde',
      mobileApp: { offered: true, usableUntil: '2027-01-01' },
      identificationCode: created.value.identificationCode,
      emails: { primary: 'claire@example.com' },
    });
    expect(edited.value.phone).toBeUndefined();
    expect(edited.value.advisor).toBeUndefined();
    expect((await searchClients(w.cf, professionalUser, 'martin')).items.map((s) => s.id)).toEqual([created.value.id]);
  });

  it('when the file moved since it was read, then the change is applied again on a fresh read', async () => {
    const w = world();
    const created = await createClientFile(w.cf, professionalUser, { firstName: 'Claire', lastName: 'Dupont' });
    const replace = w.files.replace.bind(w.files);
    let interfered = false;
    w.files.replace = async (file, read) => {
      if (!interfered) {
        interfered = true;
        const current = (await w.files.get(file.providerId, file.id))!;
        await replace({ ...current.value, referrer: 'Someone' }, current);
      }
      return replace(file, read);
    };
    const edited = await editClientFile(w.cf, professionalUser, created.value.id, { advisor: 'Paul Durand' });
    expect(edited.value).toMatchObject({ referrer: 'Someone', advisor: 'Paul Durand' });
  });

  it('when the new primary address is another file’s, then 409 client-exists', async () => {
    const w = world();
    const a = await createClientFile(w.cf, professionalUser, { firstName: 'A', lastName: 'A', email: 'a@example.com' });
    const b = await createClientFile(w.cf, professionalUser, { firstName: 'B', lastName: 'B' });
    const error = await refusal(editClientFile(w.cf, professionalUser, b.value.id, { email: 'a@example.com' }));
    expect(error).toMatchObject({ code: 'client-exists', details: { clientId: a.value.id } });
  });

  it('when another provider’s professional edits or opens the file, then it is not found', async () => {
    const w = world();
    const created = await createClientFile(w.cf, professionalUser, { firstName: 'A', lastName: 'B' });
    expect((await refusal(editClientFile(w.cf, otherProvider, created.value.id, { advisor: 'X' }))).code).toBe(
      'client-not-found',
    );
    expect((await refusal(clientSheet(w.cf, otherProvider, created.value.id))).code).toBe('client-not-found');
  });
});

describe('searching', () => {
  async function seeded() {
    const w = world();
    const add = (firstName: string, lastName: string, extra: object = {}) =>
      createClientFile(w.cf, professionalUser, { firstName, lastName, ...extra });
    const claire = await add('Claire', 'Dupont', { email: 'claire@example.com', phone: '06 12 34 56 78' });
    const jp = await add('Jean-Pierre', 'Viron');
    const helene = await add('Hélène', 'Dupuis');
    await createClientFile(w.cf, otherProvider, { firstName: 'Claire', lastName: 'Dupont' });
    return { w, claire, jp, helene };
  }

  it('when words are typed in any order, any case, without accents, then each is a prefix of a name word', async () => {
    const { w, claire, jp, helene } = await seeded();
    const ids = async (q: string) => (await searchClients(w.cf, professionalUser, q)).items.map((s) => s.id);
    expect(await ids('dup cla')).toEqual([claire.value.id]);
    expect(await ids('DUP')).toEqual([claire.value.id, helene.value.id]);
    expect(await ids('helene')).toEqual([helene.value.id]);
    expect(await ids('pierre')).toEqual([jp.value.id]);
    expect(await ids('upont')).toEqual([]);
  });

  it('when an address or a phone number is searched, then the file with it is found (and only this provider’s)', async () => {
    const { w, claire } = await seeded();
    expect((await searchClients(w.cf, professionalUser, 'Claire@Example.com')).items).toEqual([
      summarizeClientFile(claire.value),
    ]);
    expect((await searchClients(w.cf, professionalUser, '+33612345678')).items.map((s) => s.id)).toEqual([
      claire.value.id,
    ]);
  });

  it('when more files match than the limit, then the answer is truncated', async () => {
    const w = world();
    for (let i = 0; i <= SEARCH_LIMIT; i++) {
      await createClientFile(w.cf, professionalUser, { firstName: `P${i}`, lastName: 'Martin' });
    }
    const found = await searchClients(w.cf, professionalUser, 'mart');
    expect(found.items).toHaveLength(SEARCH_LIMIT);
    expect(found.truncated).toBe(true);
  });

  it('when the search holds no letter nor digit, then it is refused at #/q', async () => {
    const w = world();
    const error = await refusal(searchClients(w.cf, professionalUser, ' - '));
    expect(error.code).toBe('validation-failed');
  });

  it('when a file is matched in memory, then it is by the same tokens the index holds', async () => {
    const { claire } = await seeded();
    expect(fileMatches(claire.value, { kind: 'name', tokens: ['cl', 'du'] })).toBe(true);
    expect(fileMatches(claire.value, { kind: 'name', tokens: [] })).toBe(false);
  });
});

describe('an accepted invitation links the file', () => {
  async function accept(w: ReturnType<typeof world>, email = 'mohamed-nour@example.com', phone?: string) {
    const { invitation, key } = await inviteUser(
      w.deps,
      professionalUser,
      invitationDetails({ email, ...(phone ? { phone } : {}) }),
    );
    return acceptInvitation(w, invitation.id, key, email);
  }

  async function acceptInvitation(w: ReturnType<typeof world>, invitationId: string, key: string, email: string) {
    const started = await beginAcceptance(w.onboarding, { invitationId, key }, { locale: 'fr' });
    if (started.kind !== 'redirect') throw new Error(started.kind);
    w.signIn.identity = { tenantId: 'client-tenant', objectId: 'oid-nour', email };
    const attempt = w.signIn.newAttempt();
    return completeAcceptance(
      w.onboarding,
      { attempt, invitationId, read: started.read },
      { state: attempt.state, code: 'c', error: null },
    );
  }

  it('when the provider has a prospect for the invited address, then it becomes a client of that account', async () => {
    const w = world();
    const prospect = await createClientFile(w.cf, professionalUser, {
      firstName: 'Mohamed-Nour',
      lastName: 'Benali',
      email: 'mohamed-nour@example.com',
      mobileApp: { offered: true },
    });
    const result = await accept(w);
    expect(result).toMatchObject({ kind: 'accepted', clientFile: { kind: 'linked', clientId: prospect.value.id } });
    const file = (await w.files.get(professionalUser.providerId, prospect.value.id))!.value;
    expect(file).toMatchObject({
      status: 'client',
      accountKey: NOUR_KEY,
      emails: { signIn: 'mohamed-nour@example.com', primary: 'mohamed-nour@example.com' },
      firstSignInAt: expect.any(Date),
      invitationId: expect.any(String),
      identificationCode: prospect.value.identificationCode!,
    });
    const sheet = await clientSheet(w.cf, professionalUser, prospect.value.id);
    expect(sheet).toMatchObject({ access: { status: 'active' }, providers: 1 });
    expect(sheet.invitations.map((i) => i.status)).toEqual(['accepted']);
  });

  it('when there is no file for the address, then one is created from the invitation, once', async () => {
    const w = world();
    const result = await accept(w, 'mohamed-nour@example.com', '+33612345678');
    expect(result).toMatchObject({ kind: 'accepted', clientFile: { kind: 'created' } });
    const [file] = [...w.files.files.values()].map((s) => s.value);
    expect(file).toMatchObject({
      status: 'client',
      firstName: 'Mohamed-Nour',
      phone: '+33612345678',
      createdBy: 'invitation',
      accountKey: NOUR_KEY,
    });
    // Linking again (a repeated callback) changes nothing.
    const accepted = result.kind === 'accepted' ? result.invitation.value : undefined;
    const again = await linkClientFile(w.cf, acceptedInvitation(accepted!), {
      key: NOUR_KEY,
      email: 'mohamed-nour@example.com',
    });
    expect(again).toEqual({ kind: 'unchanged', clientId: file!.id });
    expect(w.files.files.size).toBe(1);
  });

  it('when the file cannot be written, then the invitation is accepted all the same and the failure is returned', async () => {
    const w = world();
    w.files.create = () => Promise.reject(new Error('storage down'));
    const result = await accept(w);
    expect(result).toMatchObject({ kind: 'accepted', clientFile: { kind: 'failed', error: expect.any(Error) } });
    expect(w.clients.profiles.size).toBe(1);
  });

  it('when linking failed at acceptance, then the person’s next sign-in links the file; a later one writes nothing', async () => {
    const w = world();
    const prospect = await createClientFile(w.cf, professionalUser, {
      firstName: 'Mohamed-Nour',
      lastName: 'Benali',
      email: 'mohamed-nour@example.com',
    });
    const byEmail = w.files.byEmail.bind(w.files);
    w.files.byEmail = () => Promise.reject(new Error('storage down'));
    expect(await accept(w)).toMatchObject({ kind: 'accepted', clientFile: { kind: 'failed' } });
    expect((await w.files.get(professionalUser.providerId, prospect.value.id))?.value.status).toBe('prospect');
    w.files.byEmail = byEmail;

    const signIn = async () => {
      const attempt = w.signIn.newAttempt();
      return completeSignIn(w.onboarding, { attempt }, { state: attempt.state, code: 'c', error: null });
    };
    expect(await signIn()).toMatchObject({
      kind: 'decided',
      clientFiles: [{ kind: 'linked', clientId: prospect.value.id }],
    });
    expect((await w.files.get(professionalUser.providerId, prospect.value.id))?.value).toMatchObject({
      status: 'client',
      accountKey: NOUR_KEY,
    });
    expect(await signIn()).toMatchObject({ clientFiles: [{ kind: 'unchanged', clientId: prospect.value.id }] });
  });
});
