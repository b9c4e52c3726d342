/**
 * Group commit of email claims: the claims of one provider's invitations that arrive while a claim write of that
 * provider is on its way are written together, in one transaction, as soon as it is back (`claimEmails`, all or
 * none). Under load a claim costs a fraction of a transaction — less storage work and fewer billed transactions —
 * and a lone claim is sent at once, as before: nothing waits unless a write of its provider is already out.
 *
 * A group refused (one of its emails is held already) is not lost: it is split in halves, each written on its own,
 * down to single claims (`claimEmail`), which tell the held ones apart and name their holder — one held email among n
 * costs about 2·log2(n) more writes, not n. A group that failed (not refused) is made claim by claim, so every caller
 * gets the answer or the error it would have had alone. The same email twice never goes in one group (a transaction
 * names an entity once); the later one waits for the next group.
 */
import type { EmailClaimant, InvitationStore } from '../../domain/ports.js';
import { MAX_CLAIMS_TOGETHER } from '../../domain/ports.js';

type ClaimAnswer = Awaited<ReturnType<InvitationStore['claimEmail']>>;

interface Waiting {
  claimant: EmailClaimant;
  settle: (answer: Promise<ClaimAnswer>) => void;
}

interface Partition {
  /** Claim writes of this provider on their way. */
  writing: number;
  waiting: Waiting[];
}

export interface ClaimCoalescing {
  /** How many claim writes of one provider may be on their way at once (1 by default). */
  writesInFlight?: number;
}

/** The store, its `claimEmail` coalesced per provider as above; every other member is the store's own. */
export function coalescingClaims(store: InvitationStore, options: ClaimCoalescing = {}): InvitationStore {
  const writesInFlight = Math.max(1, options.writesInFlight ?? 1);
  const partitions = new Map<string, Partition>();

  /** Takes the next group: the oldest waiting claims, distinct emails, at most `MAX_CLAIMS_TOGETHER`. */
  const nextGroup = (partition: Partition): Waiting[] => {
    const group: Waiting[] = [];
    const emails = new Set<string>();
    const left: Waiting[] = [];
    for (const waiting of partition.waiting) {
      if (group.length < MAX_CLAIMS_TOGETHER && !emails.has(waiting.claimant.email)) {
        emails.add(waiting.claimant.email);
        group.push(waiting);
      } else {
        left.push(waiting);
      }
    }
    partition.waiting = left;
    return group;
  };

  /** The store's own claim of one, as a promise even if the call throws. */
  const claimAlone = (claimant: EmailClaimant) => Promise.resolve().then(() => store.claimEmail(claimant));

  const write = async (group: Waiting[]): Promise<void> => {
    if (group.length === 1) {
      const [only] = group as [Waiting];
      const answer = claimAlone(only.claimant);
      only.settle(answer);
      await answer.catch(() => undefined);
      return;
    }
    const claimed = await Promise.resolve()
      .then(() => store.claimEmails(group.map((w) => w.claimant)))
      .then(
        (all) => (all ? 'all' : 'refused'),
        () => 'failed',
      );
    if (claimed === 'all') {
      for (const { settle } of group) settle(Promise.resolve({ claimed: true }));
    } else if (claimed === 'refused') {
      // One of them at least is held: each half on its own, down to the held ones alone, which name their holder.
      const half = Math.ceil(group.length / 2);
      await Promise.all([write(group.slice(0, half)), write(group.slice(half))]);
    } else {
      // Failed, not refused: each on its own, and each caller gets its own answer or error.
      await Promise.all(group.map((one) => write([one])));
    }
  };

  const drain = (providerId: string, partition: Partition) => {
    while (partition.writing < writesInFlight && partition.waiting.length > 0) {
      const group = nextGroup(partition);
      partition.writing++;
      // `write` settles every claim of the group and never throws.
      void write(group).finally(() => {
        partition.writing--;
        if (partition.writing === 0 && partition.waiting.length === 0) partitions.delete(providerId);
        else drain(providerId, partition);
      });
    }
  };

  const claimEmail: InvitationStore['claimEmail'] = (claimant) =>
    new Promise<ClaimAnswer>((resolve, reject) => {
      let partition = partitions.get(claimant.providerId);
      if (!partition) {
        partition = { writing: 0, waiting: [] };
        partitions.set(claimant.providerId, partition);
      }
      partition.waiting.push({ claimant, settle: (answer) => answer.then(resolve, reject) });
      drain(claimant.providerId, partition);
    });

  return new Proxy(store, {
    get(target, property) {
      if (property === 'claimEmail') return claimEmail;
      const member: unknown = Reflect.get(target, property, target);
      return typeof member === 'function' ? member.bind(target) : member;
    },
  });
}
