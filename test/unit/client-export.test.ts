/**
 * The right of access (issue 15 item 2, docs/privacy.md): a professional's export of one file holds every invitation
 * to its addresses with its timeline (more than the sheet's ten), another provider's file is not found, and the
 * signed-in person's own export covers each provider whose client they are.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.js';
import type { ActingProfessional } from '../../shared/domain/provider.js';
import { exportClientFile, exportOwnData } from '../../shared/domain/use-cases/client-export.js';
import { createClientFile, SHEET_INVITATIONS } from '../../shared/domain/use-cases/client-files.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { revokeInvitation } from '../../shared/domain/use-cases/manage-invitations.js';
import { providerExportJson } from '../../shared/http/client-export-schema.js';
import { clientFilesWorld } from '../support/client-file-fakes.js';
import { invitationDetails, professionalUser } from '../support/fakes.js';
import { NOUR_KEY, nourAccount } from '../support/onboarding-fakes.js';

const otherProvider: ActingProfessional = { ...professionalUser, oid: 'oid-other', providerId: 'horizon' };

const world = clientFilesWorld;

describe('exporting a client file', () => {
  it('when a prospect was invited more often than the sheet shows, then the export holds every invitation with its timeline', async () => {
    const w = world();
    const prospect = await createClientFile(w.cf, professionalUser, {
      firstName: 'Claire',
      lastName: 'Dupont',
      email: 'claire@example.com',
      phone: '06 12 34 56 78',
    });
    const invited: string[] = [];
    for (let i = 0; i <= SHEET_INVITATIONS; i++) {
      const { invitation } = await inviteUser(
        w.deps,
        professionalUser,
        invitationDetails({ email: 'claire@example.com' }),
      );
      await revokeInvitation(w.deps, professionalUser, invitation.id);
      invited.push(invitation.id);
      w.clock.advance(1000);
    }
    const exported = await exportClientFile(w.cf, professionalUser, prospect.value.id);
    expect(exported.invitations.map((e) => e.invitation.id).sort()).toEqual([...invited].sort());
    expect(exported.invitations).toHaveLength(SHEET_INVITATIONS + 1);
    for (const e of exported.invitations) {
      expect(e.timeline.map((t) => t.event)).toContain('revoked');
    }
    const json = providerExportJson(exported);
    expect(json).toMatchObject({
      format: 'client-export/1',
      providerId: professionalUser.providerId,
      client: {
        firstName: 'Claire',
        lastName: 'Dupont',
        phone: '+33612345678',
        emails: { primary: 'claire@example.com' },
      },
    });
    // No secret: neither the link key's hash nor the activation code's.
    const text = JSON.stringify(json);
    for (const e of exported.invitations) expect(text).not.toContain(e.invitation.keyHash);
    expect(text).not.toMatch(/keyHash|sealedCode|"hash"/);
  });

  it('when another provider’s professional exports the file, then it is not found', async () => {
    const w = world();
    const prospect = await createClientFile(w.cf, professionalUser, { firstName: 'A', lastName: 'B' });
    const error = await exportClientFile(w.cf, otherProvider, prospect.value.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('client-not-found');
  });
});

describe('exporting one’s own data', () => {
  it('when the person is a client of two providers, then the export has one part per provider, each its own file', async () => {
    const w = world();
    const account = nourAccount();
    for (const [providerId, name] of [
      [professionalUser.providerId, 'Nour'],
      ['horizon', 'Mohamed-Nour'],
    ] as const) {
      const professional = { ...professionalUser, providerId };
      const file = await createClientFile(w.cf, professional, {
        firstName: name,
        lastName: 'Benali',
        email: account.email,
      });
      await w.files.replace({ ...file.value, status: 'client', accountKey: account.key }, file);
      await w.clients.recordAcceptance(account, {
        providerId,
        clientId: file.value.id,
        firstName: name,
        lastName: 'Benali',
        email: account.email,
        access: { status: 'active', since: w.clock.now() },
        firstSignInAt: w.clock.now(),
        createdAt: w.clock.now(),
      });
    }
    const profile = (await w.clients.profile(NOUR_KEY))!;
    const exports = await exportOwnData(w.cf, profile);
    expect(exports.map((e) => [e.providerId, e.sheet.file.firstName]).sort()).toEqual(
      [
        ['horizon', 'Mohamed-Nour'],
        [professionalUser.providerId, 'Nour'],
      ].sort(),
    );
    expect(exports.every((e) => e.sheet.providers === 2)).toBe(true);
  });
});
