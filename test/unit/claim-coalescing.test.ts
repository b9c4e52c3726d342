/**
 * Group commit of email claims (shared/adapters/table/claim-coalescing.ts): a lone claim is written at once and
 * alone; claims of one provider that arrive while its write is out go together in the next write; a group refused or
 * failed is made again claim by claim, so every caller gets the answer it would have had alone. The store under it
 * is the in-memory fake, held at each write until the test lets it go.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { coalescingClaims } from '../../shared/adapters/table/claim-coalescing.js';
import { createInvitation } from '../../shared/domain/invitation.js';
import { type EmailClaimant, MAX_CLAIMS_TOGETHER } from '../../shared/domain/ports.js';
import { FakeInvitationStore, invitationDetails, professionalUser } from '../support/fakes.js';

/** The fake store, each claim write held until `release()`; `writes` lists them as they start. */
class HeldClaims extends FakeInvitationStore {
  writes: string[] = [];
  /** The next write of several claims fails as storage would (not a refusal). */
  failNextGroup = false;
  private held: Array<() => void> = [];

  private hold(): Promise<void> {
    return new Promise((resolve) => this.held.push(resolve));
  }

  release(): void {
    for (const go of this.held.splice(0)) go();
  }

  override async claimEmail(claimant: EmailClaimant) {
    this.writes.push(`alone ${claimant.email}`);
    await this.hold();
    return super.claimEmail(claimant);
  }

  override async claimEmails(claimants: EmailClaimant[]) {
    this.writes.push(`together ${claimants.map((c) => c.email).join(' ')}`);
    await this.hold();
    if (this.failNextGroup) {
      this.failNextGroup = false;
      throw Object.assign(new Error('Server busy'), { name: 'RestError', statusCode: 503 });
    }
    return super.claimEmails(claimants);
  }
}

const claimant = (email: string, providerId = 'gfms'): EmailClaimant =>
  createInvitation(invitationDetails({ email }), {
    id: randomUUID(),
    providerId,
    invitedBy: { name: professionalUser.name, oid: professionalUser.oid },
    keyHash: 'sha256(key)',
    now: new Date('2030-06-03T09:00:00.000Z'),
  });

/** Lets every pending promise callback and I/O callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Releases the held writes until every answer is in. */
async function releaseAll(store: HeldClaims, answers: Promise<unknown>[]): Promise<void> {
  let done = false;
  const all = Promise.allSettled(answers).then(() => {
    done = true;
  });
  while (!done) {
    await settle();
    store.release();
  }
  await all;
}

describe('claims of one provider, coalesced', () => {
  it('when a claim comes alone, then it is written at once, alone', async () => {
    const store = new HeldClaims();
    const claims = coalescingClaims(store);
    const answer = claims.claimEmail(claimant('alone@example.com'));
    await settle();
    expect(store.writes).toEqual(['alone alone@example.com']);
    await releaseAll(store, [answer]);
    expect(await answer).toEqual({ claimed: true });
  });

  it('when claims arrive while a write is out, then they go together in the next write, and each is claimed', async () => {
    const store = new HeldClaims();
    const claims = coalescingClaims(store);
    const first = claims.claimEmail(claimant('first@example.com'));
    await settle();
    const later = ['b@example.com', 'c@example.com', 'd@example.com'].map((email) =>
      claims.claimEmail(claimant(email)),
    );
    await settle();
    expect(store.writes).toEqual(['alone first@example.com']);
    await releaseAll(store, [first, ...later]);
    expect(store.writes).toEqual(['alone first@example.com', 'together b@example.com c@example.com d@example.com']);
    for (const answer of [first, ...later]) expect(await answer).toEqual({ claimed: true });
    for (const email of ['first@example.com', 'b@example.com', 'c@example.com', 'd@example.com']) {
      const again = FakeInvitationStore.prototype.claimEmail.call(store, claimant(email));
      expect(await again, email).toMatchObject({ claimed: false });
    }
  });

  it('when one email of a group is held already, then the group is made again claim by claim and only that one is refused, naming its holder', async () => {
    const store = new HeldClaims();
    const claims = coalescingClaims(store);
    const holder = claimant('held@example.com');
    const taken = claims.claimEmail(holder);
    await releaseAll(store, [taken]);
    const first = claims.claimEmail(claimant('first@example.com'));
    await settle();
    const again = claimant('held@example.com');
    const group = [claims.claimEmail(claimant('x@example.com')), claims.claimEmail(again)];
    await releaseAll(store, [first, ...group]);
    expect(store.writes.slice(1)).toEqual([
      'alone first@example.com',
      'together x@example.com held@example.com',
      'alone x@example.com',
      'alone held@example.com',
    ]);
    expect(await group[0]).toEqual({ claimed: true });
    expect(await group[1]).toMatchObject({ claimed: false, holder: { invitationId: holder.id } });
  });

  it('when one email of a larger group is held, then the group is split in halves down to that one alone, and the rest are claimed in groups', async () => {
    const store = new HeldClaims();
    const claims = coalescingClaims(store);
    const holder = claimant('n5@example.com');
    await releaseAll(store, [claims.claimEmail(holder)]);
    const first = claims.claimEmail(claimant('first@example.com'));
    await settle();
    const emails = Array.from({ length: 8 }, (_, n) => `n${n}@example.com`);
    const answers = emails.map((email) => claims.claimEmail(claimant(email)));
    await releaseAll(store, [first, ...answers]);
    expect(store.writes.slice(2)).toEqual([
      `together ${emails.join(' ')}`,
      'together n0@example.com n1@example.com n2@example.com n3@example.com',
      'together n4@example.com n5@example.com n6@example.com n7@example.com',
      'together n4@example.com n5@example.com',
      'together n6@example.com n7@example.com',
      'alone n4@example.com',
      'alone n5@example.com',
    ]);
    for (const [n, answer] of answers.entries()) {
      if (n === 5) expect(await answer).toMatchObject({ claimed: false, holder: { invitationId: holder.id } });
      else expect(await answer, emails[n]).toEqual({ claimed: true });
    }
  });

  it('when a group’s write fails, then each claim is made on its own and gets its own answer', async () => {
    const store = new HeldClaims();
    const claims = coalescingClaims(store);
    const first = claims.claimEmail(claimant('first@example.com'));
    await settle();
    store.failNextGroup = true;
    const group = [claims.claimEmail(claimant('y@example.com')), claims.claimEmail(claimant('z@example.com'))];
    await releaseAll(store, [first, ...group]);
    expect(store.writes).toEqual([
      'alone first@example.com',
      'together y@example.com z@example.com',
      'alone y@example.com',
      'alone z@example.com',
    ]);
    for (const answer of group) expect(await answer).toEqual({ claimed: true });
  });

  it('when a lone claim’s write fails, then its caller gets the error and the next claims are still written', async () => {
    const store = new HeldClaims();
    const failing = new Error('storage down');
    const original = store.claimEmail.bind(store);
    let fail = true;
    store.claimEmail = async (c) => {
      if (fail) {
        fail = false;
        store.writes.push(`alone ${c.email}`);
        throw failing;
      }
      return original(c);
    };
    const claims = coalescingClaims(store);
    const lost = claims.claimEmail(claimant('lost@example.com'));
    await expect(lost).rejects.toBe(failing);
    const next = claims.claimEmail(claimant('next@example.com'));
    await releaseAll(store, [next]);
    expect(await next).toEqual({ claimed: true });
  });

  it('when the same email is claimed twice at once, then the two never share a write: the second is told the first holds it', async () => {
    const store = new HeldClaims();
    const claims = coalescingClaims(store);
    const first = claims.claimEmail(claimant('first@example.com'));
    await settle();
    const one = claimant('twice@example.com');
    const two = claimant('twice@example.com');
    const answers = [claims.claimEmail(one), claims.claimEmail(two), claims.claimEmail(claimant('w@example.com'))];
    await releaseAll(store, [first, ...answers]);
    expect(store.writes).toEqual([
      'alone first@example.com',
      'together twice@example.com w@example.com',
      'alone twice@example.com',
    ]);
    expect(await answers[0]).toEqual({ claimed: true });
    expect(await answers[1]).toMatchObject({ claimed: false, holder: { invitationId: one.id } });
    expect(await answers[2]).toEqual({ claimed: true });
  });

  it(`when more than ${MAX_CLAIMS_TOGETHER} claims wait, then they go ${MAX_CLAIMS_TOGETHER} to a write, in the order they came`, async () => {
    const store = new HeldClaims();
    const claims = coalescingClaims(store);
    const first = claims.claimEmail(claimant('first@example.com'));
    await settle();
    const emails = Array.from({ length: MAX_CLAIMS_TOGETHER + 3 }, (_, n) => `n${n}@example.com`);
    const answers = emails.map((email) => claims.claimEmail(claimant(email)));
    await releaseAll(store, [first, ...answers]);
    expect(store.writes).toEqual([
      'alone first@example.com',
      `together ${emails.slice(0, MAX_CLAIMS_TOGETHER).join(' ')}`,
      `together ${emails.slice(MAX_CLAIMS_TOGETHER).join(' ')}`,
    ]);
    for (const answer of answers) expect(await answer).toEqual({ claimed: true });
  });

  it('when another provider’s write is out, then a claim of this provider does not wait for it', async () => {
    const store = new HeldClaims();
    const claims = coalescingClaims(store);
    const other = claims.claimEmail(claimant('a@example.com', 'other-provider'));
    await settle();
    const mine = claims.claimEmail(claimant('a@example.com', 'gfms'));
    await settle();
    expect(store.writes).toEqual(['alone a@example.com', 'alone a@example.com']);
    await releaseAll(store, [other, mine]);
    expect(await other).toEqual({ claimed: true });
    expect(await mine).toEqual({ claimed: true });
  });

  it('when two writes may be out at once, then the second claim goes alone at once and the next ones wait', async () => {
    const store = new HeldClaims();
    const claims = coalescingClaims(store, { writesInFlight: 2 });
    const answers = ['a', 'b', 'c', 'd'].map((name) => claims.claimEmail(claimant(`${name}@example.com`)));
    await settle();
    expect(store.writes).toEqual(['alone a@example.com', 'alone b@example.com']);
    await releaseAll(store, answers);
    expect(store.writes.slice(2)).toEqual(['together c@example.com d@example.com']);
    for (const answer of answers) expect(await answer).toEqual({ claimed: true });
  });

  it('when the store is wrapped, then its other members are its own', async () => {
    const store = new HeldClaims();
    const claims = coalescingClaims(store);
    const invitation = claimant('own@example.com');
    const together = claims.claimEmails([invitation]);
    await releaseAll(store, [together]);
    expect(await together).toBe(true);
    expect(store.writes).toEqual(['together own@example.com']);
  });
});
