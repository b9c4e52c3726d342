/**
 * "Accept" on the landing page (issue 9, defect 9): every click on a valid link records "opened" and asks Graph, so
 * clicks are limited per invitation and per client address; a link that is not valid costs nothing and writes
 * nothing. And the timeline a professional reads is bounded, saying when there is more.
 */
import { describe, expect, it } from 'vitest';
import { event } from '../../shared/domain/timeline.js';
import { beginAcceptance } from '../../shared/domain/use-cases/accept-invitation.js';
import { ACCEPT_LIMITS } from '../../shared/domain/use-cases/invitation-link.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { getInvitation } from '../../shared/domain/use-cases/manage-invitations.js';
import { invitationDetails, professionalUser } from '../support/fakes.js';
import { type OnboardingWorld, onboardingWorld } from '../support/onboarding-fakes.js';

const PER_INVITATION = ACCEPT_LIMITS.perInvitation.limit;
const PER_ADDRESS = ACCEPT_LIMITS.perAddress.limit;

/** The world, with a count of the Graph lookups the directory answered. */
function world(): OnboardingWorld & { graphCalls: () => number } {
  const w = onboardingWorld();
  let calls = 0;
  const hasAccount = w.directory.hasAccount.bind(w.directory);
  w.directory.hasAccount = (email) => {
    calls += 1;
    return hasAccount(email);
  };
  return { ...w, graphCalls: () => calls };
}

let counter = 0;
async function invited(w: OnboardingWorld) {
  counter += 1;
  const { invitation, key } = await inviteUser(
    w.deps,
    professionalUser,
    invitationDetails({ email: `person.${counter}@example.com` }),
  );
  return { invitationId: invitation.id, key };
}

const opened = (w: OnboardingWorld, id: string) => w.store.eventTypes(id).filter((e) => e === 'opened').length;

describe('"Accept" is limited per invitation', () => {
  it(`when a link is clicked ${PER_INVITATION + 1} times in an hour, then the last is refused with the time left in the hour, and nothing more is recorded or asked`, async () => {
    const w = world();
    const link = await invited(w);
    for (let i = 0; i < PER_INVITATION; i++) {
      expect((await beginAcceptance(w.onboarding, link, { locale: 'fr', address: '203.0.113.7' })).kind).toBe(
        'redirect',
      );
    }
    w.clock.advance(15 * 60 * 1000);
    const refused = await beginAcceptance(w.onboarding, link, { locale: 'fr', address: '198.51.100.1' });
    expect(refused).toMatchObject({ kind: 'limited', limit: 'perInvitation', retryAfterSeconds: 45 * 60 });
    expect(opened(w, link.invitationId)).toBe(PER_INVITATION);
    expect(w.graphCalls()).toBe(PER_INVITATION);
    expect(w.signIn.authorizeRequests).toHaveLength(PER_INVITATION);

    w.clock.advance(45 * 60 * 1000);
    expect((await beginAcceptance(w.onboarding, link, { locale: 'fr', address: '198.51.100.1' })).kind).toBe(
      'redirect',
    );
    expect(opened(w, link.invitationId)).toBe(PER_INVITATION + 1);
  });

  it('when two clicks race for the last place of the hour, then exactly one passes, and the other spends no Graph request', async () => {
    const w = world();
    const link = await invited(w);
    for (let i = 1; i < PER_INVITATION; i++)
      await beginAcceptance(w.onboarding, link, { locale: 'fr', address: '203.0.113.8' });
    const racing = await Promise.all(
      ['198.51.100.2', '198.51.100.3'].map((address) => beginAcceptance(w.onboarding, link, { locale: 'fr', address })),
    );
    expect(racing.map((r) => r.kind).sort()).toEqual(['limited', 'redirect']);
    expect(opened(w, link.invitationId)).toBe(PER_INVITATION);
    expect(w.graphCalls()).toBe(PER_INVITATION);
  });

  it('when the key is wrong or the invitation unknown, then no limit is spent and nothing is written, however often', async () => {
    const w = world();
    const link = await invited(w);
    w.journal.length = 0;
    for (let i = 0; i < PER_INVITATION * 3; i++) {
      const wrong = await beginAcceptance(
        w.onboarding,
        { ...link, key: 'guess' },
        { locale: 'fr', address: '1.2.3.4' },
      );
      expect(wrong).toEqual({ kind: 'link-problem', outcome: 'not-found' });
    }
    expect(w.limits.counts.size).toBe(0);
    expect(w.journal).toEqual([]);
    expect(w.graphCalls()).toBe(0);
    // The invitee's own clicks are untouched by the guesses.
    expect((await beginAcceptance(w.onboarding, link, { locale: 'fr', address: '1.2.3.4' })).kind).toBe('redirect');
  });
});

describe('"Accept" is limited per client address', () => {
  it(`when ${PER_ADDRESS} valid clicks came from one address in its window, then the next is refused, while another address goes on`, async () => {
    const w = world();
    const links = [];
    for (let i = 0; i < Math.ceil(PER_ADDRESS / PER_INVITATION) + 1; i++) links.push(await invited(w));
    for (let i = 0; i < PER_ADDRESS; i++) {
      const link = links[Math.floor(i / PER_INVITATION)]!;
      expect((await beginAcceptance(w.onboarding, link, { locale: 'en', address: '192.0.2.10' })).kind).toBe(
        'redirect',
      );
    }
    const fresh = links.at(-1)!;
    const refused = await beginAcceptance(w.onboarding, fresh, { locale: 'en', address: '192.0.2.10' });
    expect(refused).toMatchObject({
      kind: 'limited',
      limit: 'perAddress',
      retryAfterSeconds: ACCEPT_LIMITS.perAddress.windowSeconds,
    });
    expect(opened(w, fresh.invitationId)).toBe(0);
    expect(w.graphCalls()).toBe(PER_ADDRESS);
    expect((await beginAcceptance(w.onboarding, fresh, { locale: 'en', address: '192.0.2.11' })).kind).toBe('redirect');
  });

  it('when the address is unknown, then those clicks share one bucket', async () => {
    const w = world();
    const links = [];
    for (let i = 0; i < Math.ceil(PER_ADDRESS / PER_INVITATION) + 1; i++) links.push(await invited(w));
    for (let i = 0; i < PER_ADDRESS; i++) {
      await beginAcceptance(w.onboarding, links[Math.floor(i / PER_INVITATION)]!, { locale: 'en' });
    }
    expect(await beginAcceptance(w.onboarding, links.at(-1)!, { locale: 'en' })).toMatchObject({
      kind: 'limited',
      limit: 'perAddress',
    });
  });

  it('when the invitation limit refuses a click, then it does not count against everyone behind the address', async () => {
    const w = world();
    const mine = await invited(w);
    for (let i = 0; i < PER_INVITATION + PER_ADDRESS; i++) {
      await beginAcceptance(w.onboarding, mine, { locale: 'en', address: '192.0.2.20' });
    }
    const colleague = await invited(w);
    expect((await beginAcceptance(w.onboarding, colleague, { locale: 'en', address: '192.0.2.20' })).kind).toBe(
      'redirect',
    );
  });
});

describe('the timeline a professional reads', () => {
  async function withEvents(w: OnboardingWorld, extra: number) {
    const { invitationId } = await invited(w);
    for (let i = 0; i < extra; i++) {
      await w.store.appendEvent(invitationId, event(new Date(w.clock.now().getTime() + i + 1), 'opened'));
    }
    return invitationId;
  }

  it('when an invitation has more than 200 events, then the first 200 are shown, in order, and it says there are more', async () => {
    const w = world();
    const id = await withEvents(w, 500);
    const read = await getInvitation(w.deps, professionalUser, id);
    expect(read.timeline).toHaveLength(200);
    expect(read.timeline[0]?.event).toBe('created');
    expect(read.timelineTruncated).toBe(true);
  });

  it('when it has exactly 200 events, then all are shown and nothing says there are more', async () => {
    const w = world();
    const id = await withEvents(w, 200 - 2); // created, email.queued
    const read = await getInvitation(w.deps, professionalUser, id);
    expect(read.timeline).toHaveLength(200);
    expect(read.timelineTruncated).toBe(false);
  });

  it('when the store is read without a limit, then it still returns at most 201 events', async () => {
    const w = world();
    const id = await withEvents(w, 1000);
    expect(await w.store.timeline(id)).toHaveLength(201);
    expect(await w.store.timeline(id, { limit: 3 })).toHaveLength(3);
  });
});
