/**
 * What one "Accept" click costs in storage, through the Table adapters against Azurite (DESIGN.md §5: ≤ 20 operations
 * for the whole onboarding journey). The invitation's own counter lives in its partition: one read gives the
 * invitation and its clicks, the client address's counter is one more, and one transaction counts the click with its
 * "opened" event — 3 requests, where the invitation's counter in `Limits` made 4. And the counter still holds under
 * concurrency: of two clicks racing for the hour's last place, exactly one passes. The callback that follows accepts the
 * invitation as the click read it (carried in the sealed sign-in cookie): no point read, only its writes.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tableClientStore } from '../../shared/adapters/table/client-store.js';
import { tableInvitationStore } from '../../shared/adapters/table/invitation-store.js';
import { tableLimits } from '../../shared/adapters/table/limits.js';
import { createInvitation, revoke } from '../../shared/domain/invitation.js';
import { event } from '../../shared/domain/timeline.js';
import { beginAcceptance, completeAcceptance } from '../../shared/domain/use-cases/accept-invitation.js';
import type { InvitationDeps } from '../../shared/domain/use-cases/invitation-deps.js';
import { ACCEPT_LIMITS, clickThrough } from '../../shared/domain/use-cases/invitation-link.js';
import { countingTables } from '../support/counting-tables.js';
import { FakeClock, fakeWorld, GFMS, invitationDetails, professionalUser } from '../support/fakes.js';
import { onboardingWorld, signedUpAccount } from '../support/onboarding-fakes.js';

/** Invitation use cases over the Table adapters (the rest in memory), on a clock that stays mid-hour. */
function world(requests: string[]): InvitationDeps {
  const clock = new FakeClock(new Date('2031-01-15T10:20:00.000Z'));
  const tables = countingTables(requests);
  return { ...fakeWorld().deps, clock, invitations: tableInvitationStore(tables), limits: tableLimits(tables, clock) };
}

/** A pending invitation of GFMS (the fake directory's provider), written as InviteUser writes it; its link. */
async function invited(deps: InvitationDeps): Promise<{ invitationId: string; key: string }> {
  const key = `key-${randomUUID()}`;
  const now = deps.clock.now();
  const invitation = createInvitation(invitationDetails({ email: `accept.${randomUUID().slice(0, 8)}@example.com` }), {
    id: randomUUID(),
    providerId: GFMS.id,
    invitedBy: { name: professionalUser.name, oid: professionalUser.oid },
    keyHash: deps.keys.hash(key),
    now,
  });
  await deps.invitations.create(invitation, undefined, [event(now, 'created')]);
  return { invitationId: invitation.id, key };
}

const address = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}|${randomUUID().slice(0, 8)}`;
const opened = async (deps: InvitationDeps, id: string) =>
  (await deps.invitations.timeline(id)).filter((e) => e.event === 'opened').length;

describe('"Accept" in storage', () => {
  it('when a valid link is clicked, then it costs 3 storage requests: the invitation with its counter, the address’s counter, the count with its "opened"', async () => {
    const requests: string[] = [];
    const deps = world(requests);
    // Tables are created once per process, on first use: a first click makes them exist.
    expect((await clickThrough(deps, await invited(deps), { address: address() })).kind).toBe('valid');
    const link = await invited(deps);
    requests.length = 0;

    const view = await clickThrough(deps, link, { address: address() });

    expect(view.kind).toBe('valid');
    expect(requests, requests.join('\n')).toHaveLength(3);
    expect(await opened(deps, link.invitationId)).toBe(1);
  });

  it('when two clicks race for the last place of the hour, then exactly one passes and one "opened" is recorded for it', async () => {
    const deps = world([]);
    const link = await invited(deps);
    const from = address();
    for (let i = 1; i < ACCEPT_LIMITS.perInvitation.limit; i++) {
      expect((await clickThrough(deps, link, { address: from })).kind).toBe('valid');
    }
    const racing = await Promise.all([1, 2].map(() => clickThrough(deps, link, { address: address() })));
    expect(racing.map((r) => r.kind).sort()).toEqual(['limited', 'valid']);
    expect(racing.find((r) => r.kind === 'limited')).toMatchObject({ limit: 'perInvitation' });
    expect(await opened(deps, link.invitationId)).toBe(ACCEPT_LIMITS.perInvitation.limit);
    expect((await clickThrough(deps, link, { address: address() })).kind).toBe('limited');
  });
});

describe('the acceptance callback in storage', () => {
  /** Onboarding over the Table adapters (invitations and clients), the sign-in and directory in memory. */
  function onboarding(requests: string[]) {
    const fakes = onboardingWorld();
    const deps = world(requests);
    const tables = countingTables(requests);
    return { fakes, deps: { ...fakes.onboarding, ...deps, clients: tableClientStore(tables) } };
  }

  /** An invitation whose invitee (an account proving the address) has clicked "Accept": on to the sign-in. */
  async function clicked(requests: string[]) {
    const { fakes, deps } = onboarding(requests);
    const link = await invited(deps);
    const { email } = (await deps.invitations.get(link.invitationId))!.value;
    const objectId = `oid-${randomUUID()}`;
    fakes.directory.put(signedUpAccount(objectId, email));
    fakes.signIn.identity = { tenantId: 'client-tenant', objectId, email };
    const started = await beginAcceptance(deps, link, { locale: 'fr', address: address() });
    if (started.kind !== 'redirect') throw new Error(`not a redirect: ${started.kind}`);
    return { deps, link, started };
  }

  it('when the invitation is unchanged since the click, then the callback reads nothing: the acceptance’s writes only', async () => {
    const requests: string[] = [];
    const { deps, link, started } = await clicked(requests);
    // Tables are created once per process, on first use: the clients' and the providers' listings are made to exist.
    await deps.clients.profile(`warm-up|${randomUUID()}`);
    await deps.invitations.summaries(`warm-up-${randomUUID()}`);
    requests.length = 0;

    const { attempt } = started;
    const result = await completeAcceptance(
      deps,
      { attempt, invitationId: link.invitationId, read: started.read },
      { state: attempt.state, code: 'code-1', error: null },
    );

    expect(result.kind).toBe('accepted');
    // The invitation with its "accepted" event (a transaction), the listing row's summary, the client's two rows (a
    // transaction) — and no read of the invitation (\`GET /Invitations(…)\`).
    expect(requests, requests.join('\n')).toEqual([
      'POST /devstoreaccount1/$batch',
      expect.stringMatching(/^(PATCH|MERGE) \/devstoreaccount1\/ProviderIndex\(/),
      'POST /devstoreaccount1/$batch',
    ]);
    expect((await deps.invitations.get(link.invitationId))?.value.status).toBe('accepted');
  });

  it('when the invitation was revoked after the click, then the write If-Match the click’s ETag fails, it is read again, and refused', async () => {
    const requests: string[] = [];
    const { deps, link, started } = await clicked(requests);
    const now = deps.clock.now();
    const current = (await deps.invitations.get(link.invitationId))!;
    await deps.invitations.update(current, revoke(current.value, now), { events: [event(now, 'revoked')] });
    requests.length = 0;

    const { attempt } = started;
    const result = await completeAcceptance(
      deps,
      { attempt, invitationId: link.invitationId, read: started.read },
      { state: attempt.state, code: 'code-1', error: null },
    );

    expect(result).toEqual({ kind: 'refused', problem: 'revoked' });
    expect(requests, requests.join('\n')).toEqual([
      'POST /devstoreaccount1/$batch', // refused: 412, nothing written
      expect.stringMatching(/^GET \/devstoreaccount1\/Invitations\(/),
    ]);
    expect((await deps.invitations.get(link.invitationId))?.value.status).toBe('revoked');
  });
});
