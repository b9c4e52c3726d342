/**
 * The right to erasure in the domain (issue 15 item 3): what an erased invitation keeps, and `eraseClientFile` on the
 * in-memory stores — the file and its code gone, every invitation of the provider to its addresses erased once,
 * another provider's file not found, a person who signed in refused.
 */
import { describe, expect, it } from 'vitest';
import { ERASED_EMAIL, erasedInvitation, isErased } from '../../shared/domain/erasure.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { ActingProfessional } from '../../shared/domain/provider.js';
import { createClientFile } from '../../shared/domain/use-cases/client-files.js';
import { eraseClientFile } from '../../shared/domain/use-cases/erase-client.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { revokeInvitation } from '../../shared/domain/use-cases/manage-invitations.js';
import { clientFilesWorld } from '../support/client-file-fakes.js';
import { GFMS, invitationDetails, professionalUser } from '../support/fakes.js';

const otherProvider: ActingProfessional = { ...professionalUser, oid: 'oid-other', providerId: 'horizon' };

function world() {
  const w = clientFilesWorld();
  return Object.assign(w, { erasure: { clock: w.clock, files: w.files, invitations: w.store } });
}

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

  it('when the person has signed in, then 409 client-has-account and nothing changes', async () => {
    const w = world();
    const prospect = await createClientFile(w.cf, professionalUser, { firstName: 'A', lastName: 'B' });
    await w.files.replace({ ...prospect.value, status: 'client', accountKey: 'tid|oid' }, prospect);
    const error = await eraseClientFile(w.erasure, professionalUser, prospect.value.id).catch((e: unknown) => e);
    expect((error as DomainError).code).toBe('client-has-account');
    expect(await w.files.get(professionalUser.providerId, prospect.value.id)).toBeDefined();
  });
});
