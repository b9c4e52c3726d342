/**
 * Seed 000: "Lorsqu'un utilisateur a installé l'application mobile, il est automatiquement associé à un code
 * d'identification" — a file gets its identification code (claimed across the service, then on the file) when the
 * mobile app is offered on it, created or edited so; never at an acceptance that does not offer the app.
 */
import { describe, expect, it } from 'vitest';
import { phoneNumbers } from '../../shared/adapters/phone-numbers.js';
import { DomainError } from '../../shared/domain/errors.js';
import {
  type ClientFileDeps,
  createClientFile,
  editClientFile,
  linkClientFile,
} from '../../shared/domain/use-cases/client-files.js';
import { sendActivationSms } from '../../shared/domain/use-cases/send-activation-sms.js';
import { FakeClientCodes, InMemoryClientFileStore } from '../support/client-file-fakes.js';
import { professionalUser } from '../support/fakes.js';
import { NOUR_KEY, onboardingWorld } from '../support/onboarding-fakes.js';
import { clientFile, smsWorld } from '../support/sms-fakes.js';

function world() {
  const w = onboardingWorld();
  const files = new InMemoryClientFileStore();
  const claims: string[] = [];
  const claim = files.claimIdentificationCode.bind(files);
  files.claimIdentificationCode = (code, providerId, clientId) => {
    claims.push(code);
    return claim(code, providerId, clientId);
  };
  const cf: ClientFileDeps = {
    clock: w.clock,
    ids: w.ids,
    files,
    codes: new FakeClientCodes(),
    phones: phoneNumbers,
    clients: w.clients,
    invitations: w.store,
  };
  return { files, claims, cf };
}

const claire = { firstName: 'Claire', lastName: 'Dupré', email: 'claire@example.com', phone: '+33612345634' };

describe('the identification code, when the app needs it', () => {
  it('when a prospect is created without the app, then no code is claimed and the file has none', async () => {
    const w = world();
    const created = await createClientFile(w.cf, professionalUser, claire);
    expect(created.value.identificationCode).toBeUndefined();
    expect(w.claims).toEqual([]);
  });

  it('when a prospect is created with the app offered, then its code is claimed and on the file', async () => {
    const w = world();
    const created = await createClientFile(w.cf, professionalUser, { ...claire, mobileApp: { offered: true } });
    expect(w.claims).toEqual([created.value.identificationCode]);
    expect(w.files.codes.get(created.value.identificationCode!)?.clientId).toBe(created.value.id);
  });

  it('when the code drawn is already claimed by another file, then another is drawn: the file never gets a taken code', async () => {
    const w = world();
    const taken = new FakeClientCodes().newIdentificationCode();
    expect(await w.files.claimIdentificationCode(taken, 'other-provider', 'other-client')).toBe(true);
    w.claims.length = 0;
    const created = await createClientFile(w.cf, professionalUser, { ...claire, mobileApp: { offered: true } });
    expect(created.value.identificationCode).not.toBe(taken);
    expect(w.claims).toEqual([taken, created.value.identificationCode]);
    expect(w.files.codes.get(taken)).toEqual({ providerId: 'other-provider', clientId: 'other-client' });
    expect(w.files.codes.get(created.value.identificationCode!)?.clientId).toBe(created.value.id);
  });

  it('when the app is offered on a file without a code, then it gets one, once; it never changes after', async () => {
    const w = world();
    const created = await createClientFile(w.cf, professionalUser, claire);
    // The file moves between the read and the write: the change is applied again, with the code claimed once.
    const replace = w.files.replace.bind(w.files);
    let moved = false;
    w.files.replace = async (file, read) => {
      if (!moved) {
        moved = true;
        const current = (await w.files.get(file.providerId, file.id))!;
        await replace({ ...current.value, advisor: 'Tamer' }, current);
      }
      return replace(file, read);
    };
    const offered = await editClientFile(w.cf, professionalUser, created.value.id, { mobileApp: { offered: true } });
    expect(offered.value).toMatchObject({ advisor: 'Tamer', identificationCode: w.claims[0] });
    expect(w.claims).toHaveLength(1);

    await editClientFile(w.cf, professionalUser, created.value.id, { mobileApp: { offered: false } });
    const again = await editClientFile(w.cf, professionalUser, created.value.id, { mobileApp: { offered: true } });
    expect(again.value.identificationCode).toBe(offered.value.identificationCode);
    expect(w.claims).toHaveLength(1);
  });

  it('when an acceptance creates the file, then it has no code (the app is not offered on it)', async () => {
    const w = world();
    const acceptance = {
      providerId: professionalUser.providerId,
      email: 'nour@example.com',
      firstName: 'Nour',
      lastName: 'Benali',
      locale: 'fr' as const,
    };
    const link = await linkClientFile(w.cf, acceptance, { key: NOUR_KEY, email: 'nour@example.com' });
    expect(link.kind).toBe('created');
    expect([...w.files.files.values()][0]?.value.identificationCode).toBeUndefined();
    expect(w.claims).toEqual([]);
  });

  it('when a professional sends an activation SMS for a file without a code, then it is refused: offer the app', async () => {
    const w = smsWorld();
    const { identificationCode: _none, ...withoutCode } = clientFile({ id: 'c-nocode' });
    const { value } = await w.put(withoutCode);
    const error = await sendActivationSms(w.send, professionalUser, value.id).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'app-not-offered', message: expect.stringMatching(/identification code/) });
    expect(w.queue.scheduled).toHaveLength(0);
  });
});
