import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.js';
import { completeAcceptance } from '../../shared/domain/use-cases/accept-invitation.js';
import { invitationFor, invite } from '../support/invitations.js';
import { clientRows, eventsOf, onboardingAs, personOf, storedInvitation } from '../support/onboarding-store.js';
import { uniqueEmail } from '../support/stack.js';

describe('acceptance when storage fails between its two writes', () => {
  it('when the client rows cannot be written after the invitation was accepted, then the retried callback of the same person writes them', async () => {
    const email = uniqueEmail('partial');
    const invitationId = (await invite(invitationFor(email, { sendEmail: false, locale: 'en' }))).body.id as string;
    const person = personOf(email);
    const base = onboardingAs(person);
    const { signIn } = base;
    let failures = 1;
    const clients = {
      ...base.clients,
      recordAcceptance: async (...args: Parameters<typeof base.clients.recordAcceptance>) => {
        if (failures-- > 0) throw new DomainError('dependency-unavailable', 'Storage down.', { retryAfterSeconds: 5 });
        return base.clients.recordAcceptance(...args);
      },
    };
    const deps = { ...base, signIn, clients };
    const a = signIn.newAttempt();
    await expect(
      completeAcceptance(deps, { attempt: a, invitationId }, { state: a.state, code: 'c1', error: null }),
    ).rejects.toThrow(DomainError);
    const b = signIn.newAttempt();
    expect(
      (await completeAcceptance(deps, { attempt: b, invitationId }, { state: b.state, code: 'c2', error: null })).kind,
    ).toBe('accepted');
    expect((await storedInvitation(invitationId)).status).toBe('accepted');
    expect((await eventsOf(invitationId)).filter((e) => e === 'accepted')).toHaveLength(1);
    const rows = await clientRows({ partitionKey: `${person.tenantId}|${person.objectId}` });
    expect(rows.map((r) => r.rowKey).sort()).toEqual(['account', 'provider|gfms']);
  });
});
