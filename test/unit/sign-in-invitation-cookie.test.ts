/**
 * The invitation the "Accept" click read travels to the callback in the sealed sign-in cookie (`shared/http/session.ts`):
 * it comes back exactly as it went (dates as dates: the callback writes it back whole), and the cookie stays within
 * what browsers keep (4,096 bytes) — an invitation too large for it stays out, and the callback reads it instead.
 */
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { createInvitation, type Invitation } from '../../shared/domain/invitation.js';
import type { Versioned } from '../../shared/domain/ports.js';
import { SIGN_IN_COOKIE } from '../../shared/http/sealed-cookies.js';
import {
  MAX_SET_COOKIE_BYTES,
  openedInvitation,
  readTransaction,
  type SignInTransaction,
  sealedInvitation,
  sessions,
  setCookieBytes,
  transactionCookie,
} from '../../shared/http/session.js';
import { invitationDetails } from '../support/fakes.js';

const s = sessions([Buffer.alloc(32, 7).toString('base64')], () => new Date('2026-05-04T10:00:00Z'));
/** PKCE, state and nonce as the MSAL adapter makes them (43 characters each). */
const attempt = {
  state: 's'.repeat(43),
  nonce: 'n'.repeat(43),
  codeVerifier: 'v'.repeat(43),
  codeChallenge: 'c'.repeat(43),
};
/** An ETag as Table Storage writes it. */
const ETAG = `W/"datetime'2026-05-04T09%3A59%3A58.1234567Z'"`;
const fill = (text: string, length: number) => text.repeat(Math.ceil(length / text.length)).slice(0, length);

function invitation(overrides: Partial<Parameters<typeof invitationDetails>[0]> = {}, inviter = 'Tamer Haddad') {
  return createInvitation(invitationDetails(overrides), {
    id: '6f1c2b9e-8d4a-4c57-9e3b-2a7d5f0c1e84',
    providerId: 'gfms',
    invitedBy: { name: inviter, oid: '0b5e7c1d-3f2a-4e9b-8c6d-1a2b3c4d5e6f' },
    keyHash: 'k'.repeat(43),
    now: new Date('2026-05-04T09:00:00Z'),
  });
}

/** The largest invitation a provider plausibly sends: a 500-character message, a full company, long names. */
const largest = () =>
  invitation(
    {
      email: 'marie-eleonore.de-la-rochefoucauld-montmorency@societe-generale-equipements.example',
      firstName: 'Marie-Éléonore-Françoise',
      lastName: 'de La Rochefoucauld-Montmorency',
      phone: '+33612345678',
      message: fill('Bonjour, voici votre invitation à rejoindre notre espace client sécurisé. ', 500),
      company: {
        name: 'Société Générale d’Équipements et de Maintenance Industrielle du Grand Est SAS',
        registrationNumber: '123 456 789 00012',
        vatNumber: 'FR12345678901',
        phone: '+33388123456',
        address: {
          line1: '12 bis, avenue du Maréchal de Lattre de Tassigny',
          line2: 'Bâtiment C, 3e étage, porte 12',
          postalCode: '67000',
          city: 'Strasbourg-Neudorf',
          country: 'FR',
        },
      },
    },
    'Anne-Sophie Lefèvre-Delacroix',
  );

const accept = (read?: Versioned<Invitation>): SignInTransaction => ({
  purpose: 'accept',
  attempt,
  invitationId: '6f1c2b9e-8d4a-4c57-9e3b-2a7d5f0c1e84',
  locale: 'fr',
  ...(read ? { read } : {}),
});

/** The transaction the browser brings back with the cookie. */
async function roundTrip(transaction: SignInTransaction) {
  const cookie = await transactionCookie(s, transaction);
  const request = new azf.HttpRequest({
    method: 'GET',
    url: 'https://onboarding.example/api/AcceptInvitation/callback',
    headers: { cookie: `${SIGN_IN_COOKIE}=${encodeURIComponent(cookie.value)}` },
  });
  return { cookie, opened: await readTransaction(request, s) };
}

describe('the invitation in the sign-in cookie', () => {
  it('when an invitation with every field goes into the cookie, then it comes back equal, its dates as dates', async () => {
    const full: Invitation = {
      ...largest(),
      keyVersion: 3,
      supersededKeyHashes: ['a'.repeat(43), 'b'.repeat(43)],
      openedAt: new Date('2026-05-04T09:10:00.001Z'),
      acceptedAt: new Date('2026-05-04T09:20:00.002Z'),
      completedAt: new Date('2026-05-04T09:30:00.003Z'),
      revokedAt: new Date('2026-05-04T09:40:00.004Z'),
      delivery: {
        status: 'failed',
        attempts: 2,
        lastError: 'Bounced: mailbox full',
        lastAttemptAt: new Date('2026-05-04T09:05:00.005Z'),
        sentAt: new Date('2026-05-04T09:01:00.006Z'),
      },
      clientId: 'client-1',
      batchId: 'batch-1',
      batchIndex: 41,
    };
    const read = { value: full, etag: ETAG };

    const { opened } = await roundTrip(accept(read));

    expect(opened).toMatchObject({ purpose: 'accept', attempt, invitationId: full.id, locale: 'fr' });
    expect(opened?.purpose === 'accept' && opened.read).toEqual(read);
    const back = (opened as Extract<SignInTransaction, { purpose: 'accept' }>).read!.value;
    for (const date of [back.createdAt, back.expiresAt, back.openedAt, back.acceptedAt, back.completedAt]) {
      expect(date).toBeInstanceOf(Date);
    }
    expect(back.revokedAt).toBeInstanceOf(Date);
    expect(back.delivery.lastAttemptAt).toBeInstanceOf(Date);
    expect(back.delivery.sentAt).toBeInstanceOf(Date);
  });

  it('when the largest invitation goes into the cookie, then it is carried and the Set-Cookie stays under 4,096 bytes', async () => {
    const read = { value: largest(), etag: ETAG };
    expect(read.value.message).toHaveLength(500);

    const { cookie, opened } = await roundTrip(accept(read));

    expect(setCookieBytes(cookie)).toBeLessThan(MAX_SET_COOKIE_BYTES);
    expect(opened?.purpose === 'accept' && opened.read).toEqual(read);
  });

  it('when an invitation is too large for a cookie (every field at its longest, escaped characters), then it stays out and the rest of the transaction is there', async () => {
    const control = '\u0001'; // six bytes in JSON
    const huge = invitation({
      firstName: fill(control, 100),
      lastName: fill(control, 100),
      message: fill(control, 500),
      company: {
        name: fill('N', 200),
        address: { line1: fill(control, 200), line2: fill(control, 200), postalCode: '1', city: 'C', country: 'FR' },
      },
    });
    const read = { value: huge, etag: ETAG };

    const { cookie, opened } = await roundTrip(accept(read));

    expect(setCookieBytes(cookie)).toBeLessThan(MAX_SET_COOKIE_BYTES);
    expect(opened).toMatchObject({ purpose: 'accept', attempt, invitationId: huge.id, locale: 'fr' });
    expect(opened).not.toHaveProperty('read');
  });

  it('when the cookie carries no invitation (an older cookie), then the transaction opens without one', async () => {
    const { opened } = await roundTrip(accept());
    expect(opened).toMatchObject({ purpose: 'accept', invitationId: '6f1c2b9e-8d4a-4c57-9e3b-2a7d5f0c1e84' });
    expect(opened).not.toHaveProperty('read');
  });

  it('when what the cookie holds is not the transaction’s invitation, or not an invitation, then it is not used', () => {
    const read = { value: largest(), etag: ETAG };
    const sealed = sealedInvitation(read);
    expect(openedInvitation(sealed, read.value.id)).toEqual(read);
    expect(openedInvitation(sealed, 'another-invitation')).toBeUndefined();
    expect(openedInvitation({ ...sealed, etag: 7 }, read.value.id)).toBeUndefined();
    expect(openedInvitation({ etag: ETAG }, read.value.id)).toBeUndefined();
    expect(
      openedInvitation({ ...sealed, invitation: { ...sealed.invitation, expiresAt: 'soon' } }, read.value.id),
    ).toBeUndefined();
    expect(openedInvitation({ ...sealed, invitation: { ...sealed.invitation, delivery: null } }, read.value.id)).toBe(
      undefined,
    );
  });
});
