/**
 * The right to erasure in the domain (issue 15 item 3): what an erased invitation keeps, and `eraseClientFile` on the
 * in-memory stores — the file and its code gone, every invitation of the provider to its addresses erased once,
 * another provider's file not found; a client of two providers erased at one keeps the other, erased at the last one
 * loses the account (Entra's, its rows, reset links and account emails), and a run cut short is finished by the next.
 */
import { describe, expect, it } from 'vitest';
import type { AccountEmailRecord } from '../../shared/domain/account-email-outbox.js';
import { ERASED_EMAIL, erasedInvitation, isErased } from '../../shared/domain/erasure.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { ResetToken } from '../../shared/domain/password-reset.js';
import type { ActingProfessional } from '../../shared/domain/provider.js';
import { createClientFile } from '../../shared/domain/use-cases/client-files.js';
import { eraseClientFile } from '../../shared/domain/use-cases/erase-client.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { revokeInvitation } from '../../shared/domain/use-cases/manage-invitations.js';
import { clientFilesWorld, erasureOf, nourClientAt } from '../support/client-file-fakes.js';
import { GFMS, invitationDetails, professionalUser } from '../support/fakes.js';
import { NOUR_KEY, nourAccount } from '../support/onboarding-fakes.js';

const otherProvider: ActingProfessional = { ...professionalUser, oid: 'oid-other', providerId: 'horizon' };

function world() {
  const w = clientFilesWorld();
  return Object.assign(w, erasureOf(w));
}

type World = ReturnType<typeof world>;

/** Mohamed-Nour signed in at this provider, with a company he created for it. */
async function clientAt(w: World, professional: ActingProfessional) {
  const file = await nourClientAt(w, professional);
  await w.clients.addCompany(NOUR_KEY, {
    id: `company-${professional.providerId}`,
    providerId: professional.providerId,
    invitationId: `invitation-${professional.providerId}`,
    role: 'owner',
    company: { name: 'Benali Conseil' },
    createdAt: w.clock.now(),
  });
  return file;
}

const resetToken = (clientKey: string): ResetToken => ({
  hash: 'reset-hash',
  clientKey,
  objectId: 'oid-nour',
  owner: { email: 'mohamed-nour@example.com', firstName: 'Mohamed-Nour' },
  locale: 'fr',
  issuedAt: new Date('2026-01-01T10:00:00Z'),
  expiresAt: new Date('2026-01-01T11:00:00Z'),
});

const accountEmailTo = (to: string): AccountEmailRecord => ({
  id: 'email-1',
  kind: 'password-changed',
  status: 'delivered',
  attempts: 1,
  createdAt: new Date('2026-01-01T10:00:00Z'),
  content: { kind: 'password-changed', to, locale: 'fr', at: new Date('2026-01-01T10:00:00Z'), how: 'profile' },
});

describe('an erased invitation', () => {
  it('when a pending invitation is erased, then it names nobody, is revoked, and its link keys are gone', async () => {
    const w = world();
    const { invitation } = await inviteUser(
      w.deps,
      professionalUser,
      invitationDetails({ email: 'claire@example.com', phone: '+33612345678', message: 'Bonjour Claire' }),
    );
    const erased = erasedInvitation(invitation, w.clock.now());
    expect(erased).toMatchObject({
      email: ERASED_EMAIL,
      firstName: '—',
      lastName: '—',
      status: 'revoked',
      keyHash: '',
    });
    expect(erased).not.toHaveProperty('phone');
    expect(erased).not.toHaveProperty('message');
    expect(JSON.stringify(erased)).not.toMatch(/claire/i);
    expect(isErased(erased)).toBe(true);
    expect(isErased(invitation)).toBe(false);
  });
});

describe('erasing a prospect’s file', () => {
  it('when a prospect invited twice is erased, then the file, its code and both invitations’ data go, once', async () => {
    const w = world();
    const prospect = await createClientFile(w.cf, professionalUser, {
      firstName: 'Claire',
      lastName: 'Dupont',
      email: 'claire@example.com',
      mobileApp: { offered: true },
    });
    const first = await inviteUser(w.deps, professionalUser, invitationDetails({ email: 'claire@example.com' }));
    await revokeInvitation(w.deps, professionalUser, first.invitation.id);
    const second = await inviteUser(w.deps, professionalUser, invitationDetails({ email: 'claire@example.com' }));
    // Another provider's invitation to the same address is not this provider's to erase.
    w.providers.put({ ...GFMS, id: 'horizon', name: 'Agence Horizon' });
    const elsewhere = await inviteUser(w.deps, otherProvider, invitationDetails({ email: 'claire@example.com' }));

    const report = await eraseClientFile(w.erasure, professionalUser, prospect.value.id);
    expect(report).toEqual({ clientId: prospect.value.id, invitationsErased: 2 });
    expect(await w.files.get(professionalUser.providerId, prospect.value.id)).toBeUndefined();
    expect(w.files.codes.size).toBe(0);
    for (const id of [first.invitation.id, second.invitation.id]) {
      const stored = (await w.store.get(id))!.value;
      expect(stored).toMatchObject({ email: ERASED_EMAIL, status: 'revoked' });
      expect((await w.store.timeline(id)).map((e) => e.event)).toEqual(['erased']);
    }
    expect((await w.store.get(elsewhere.invitation.id))!.value.email).toBe('claire@example.com');
    // The address is free again at this provider: a new invitation is not refused as pending.
    await expect(
      inviteUser(w.deps, professionalUser, invitationDetails({ email: 'claire@example.com' })),
    ).resolves.toBeDefined();

    const again = await eraseClientFile(w.erasure, professionalUser, prospect.value.id).catch((e: unknown) => e);
    expect((again as DomainError).code).toBe('client-not-found');
  });

  it('when another provider erases the file, then it is not found and nothing changes', async () => {
    const w = world();
    const prospect = await createClientFile(w.cf, professionalUser, { firstName: 'A', lastName: 'B' });
    const error = await eraseClientFile(w.erasure, otherProvider, prospect.value.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('client-not-found');
    expect(await w.files.get(professionalUser.providerId, prospect.value.id)).toBeDefined();
  });

  it('when a client of two providers is erased at one, then the other keeps them and the account stays', async () => {
    const w = world();
    w.providers.put({ ...GFMS, id: 'horizon', name: 'Agence Horizon' });
    const here = await clientAt(w, professionalUser);
    await clientAt(w, otherProvider);

    const report = await eraseClientFile(w.erasure, professionalUser, here.id);
    expect(report).toEqual({ clientId: here.id, invitationsErased: 0, account: 'kept' });
    const profile = (await w.clients.profile(NOUR_KEY))!;
    expect(profile.records.map((r) => r.providerId)).toEqual(['horizon']);
    expect(profile.companies.map((c) => c.providerId)).toEqual(['horizon']);
    expect(w.directory.deleted).toEqual([]);
    expect(await w.files.get(professionalUser.providerId, here.id)).toBeUndefined();
  });

  it('when the last provider erases a client, then the Entra account, its rows, reset links and emails go', async () => {
    const w = world();
    const file = await clientAt(w, professionalUser);
    const account = nourAccount();
    await w.resetTokens.issue(resetToken(account.key));
    await w.accountEmails.create(accountEmailTo(account.email));
    await w.accountEmails.create({ ...accountEmailTo('someone-else@example.com'), id: 'email-2' });

    const report = await eraseClientFile(w.erasure, professionalUser, file.id);
    expect(report).toEqual({ clientId: file.id, invitationsErased: 0, account: 'deleted' });
    expect(w.directory.deleted).toEqual([account.objectId]);
    expect(await w.clients.profile(NOUR_KEY)).toBeUndefined();
    expect(await w.resetTokens.find('reset-hash')).toBeUndefined();
    expect(await w.accountEmails.get('email-1')).toBeUndefined();
    expect(await w.accountEmails.get('email-2')).toBeDefined();
    expect(await w.files.get(professionalUser.providerId, file.id)).toBeUndefined();
  });

  it('when Graph fails while erasing the account, then the file stays and the next run finishes', async () => {
    const w = world();
    const file = await clientAt(w, professionalUser);
    w.directory.down = true;
    await expect(eraseClientFile(w.erasure, professionalUser, file.id)).rejects.toThrow();
    expect(await w.files.get(professionalUser.providerId, file.id)).toBeDefined();
    expect(w.directory.deleted).toEqual([]);

    w.directory.down = false;
    const report = await eraseClientFile(w.erasure, professionalUser, file.id);
    expect(report.account).toBe('deleted');
    expect(w.directory.deleted).toEqual(['oid-nour']);
    expect(await w.clients.profile(NOUR_KEY)).toBeUndefined();
    expect(await w.files.get(professionalUser.providerId, file.id)).toBeUndefined();
  });
});
