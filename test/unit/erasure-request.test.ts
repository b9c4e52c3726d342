/**
 * The client's erasure request on the in-memory stores (docs/privacy.md "Erasure asked by the client"): written on
 * each provider's file of the account, once (asking again keeps the first date); a file of another person is not
 * touched; no request: no date.
 */
import { describe, expect, it } from 'vitest';
import type { ActingProfessional } from '../../shared/domain/provider.js';
import { askForErasure, erasureRequestedAt } from '../../shared/domain/use-cases/ask-for-erasure.js';
import { clientFilesWorld, nourClientAt } from '../support/client-file-fakes.js';
import { professionalUser } from '../support/fakes.js';
import { NOUR_KEY } from '../support/onboarding-fakes.js';

const horizon: ActingProfessional = { ...professionalUser, oid: 'oid-horizon', providerId: 'horizon' };

async function world() {
  const w = clientFilesWorld();
  const ids: string[] = [];
  for (const professional of [professionalUser, horizon]) ids.push((await nourClientAt(w, professional)).id);
  const deps = { clock: w.clock, files: w.files };
  return Object.assign(w, { deps, ids, profile: async () => (await w.clients.profile(NOUR_KEY))! });
}

describe('asking for one’s data to be erased', () => {
  it('when a client of two providers asks, then both files carry the date; asking again keeps the first one', async () => {
    const w = await world();
    expect(await erasureRequestedAt(w.deps, await w.profile())).toBeUndefined();
    const first = w.clock.now();
    expect(await askForErasure(w.deps, await w.profile())).toEqual({ providers: 2, requestedAt: first });
    const files = [await w.files.get(professionalUser.providerId, w.ids[0]!), await w.files.get('horizon', w.ids[1]!)];
    expect(files.map((f) => f?.value.erasureRequestedAt)).toEqual([first, first]);

    w.clock.advance(3 * 24 * 3600 * 1000);
    expect((await askForErasure(w.deps, await w.profile())).providers).toBe(2);
    expect(await erasureRequestedAt(w.deps, await w.profile())).toEqual(first);
    expect((await w.files.get('horizon', w.ids[1]!))?.value.erasureRequestedAt).toEqual(first);
  });

  it('when a record points at a file linked to someone else, then that file is left alone', async () => {
    const w = await world();
    const other = (await w.files.get('horizon', w.ids[1]!))!;
    await w.files.replace({ ...other.value, accountKey: 'client-tenant|oid-someone-else' }, other);
    expect((await askForErasure(w.deps, await w.profile())).providers).toBe(1);
    expect((await w.files.get('horizon', w.ids[1]!))?.value.erasureRequestedAt).toBeUndefined();
  });
});
