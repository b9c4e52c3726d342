import { describe, expect, it } from 'vitest';
import { DomainError, type DomainErrorCode } from '../../shared/domain/errors.js';
import {
  accept,
  checkExpiryDays,
  complete,
  createInvitation,
  effectiveStatus,
  followLink,
  type Invitation,
  isOpen,
  markOpened,
  resend,
  revoke,
} from '../../shared/domain/invitation.js';
import { invitationDetails } from '../support/fakes.js';

const DAY = 24 * 60 * 60 * 1000;
const t0 = new Date('2025-03-03T09:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const same = (a: string, b: string) => a === b;

function fresh(overrides: Partial<Parameters<typeof invitationDetails>[0]> = {}): Invitation {
  return createInvitation(invitationDetails(overrides), {
    id: 'inv-1',
    providerId: 'gfms',
    invitedBy: { oid: 'oid-tamer', name: 'Tamer' },
    now: t0,
    keyHash: 'hash-1',
  });
}

function codeOf(call: () => unknown): { code: DomainErrorCode; details: Record<string, unknown> } {
  try {
    call();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('a new invitation', () => {
  it('when created, then it is pending with key version 1, expires after the days asked and keeps no secret', () => {
    const invitation = fresh({ expiresInDays: 3, inviterName: 'Relayed' });
    expect(invitation).toMatchObject({
      status: 'pending',
      keyHash: 'hash-1',
      keyVersion: 1,
      supersededKeyHashes: [],
      delivery: { status: 'queued', attempts: 0 },
      expiresAt: at(3 * DAY),
    });
    expect(invitation).not.toHaveProperty('sendEmail');
    expect(invitation).not.toHaveProperty('expiresInDays');
    expect(invitation).not.toHaveProperty('inviterName');
  });

  it('when no email is asked for, then delivery is not-requested', () => {
    expect(fresh({ sendEmail: false }).delivery.status).toBe('not-requested');
  });

  it.each([0, 31, 1.5, -1, Number.NaN])('when expiresInDays is %s, then it is refused', (days) => {
    expect(codeOf(() => checkExpiryDays(days)).code).toBe('validation-failed');
    expect(() => fresh({ expiresInDays: days })).toThrow(DomainError);
  });

  it('when expiresInDays is 1 or 30, then it is accepted', () => {
    expect(() => checkExpiryDays(1)).not.toThrow();
    expect(() => checkExpiryDays(30)).not.toThrow();
  });
});

describe('expiry', () => {
  it('when the last millisecond before expiry passes, then it is still pending; at expiry it is expired', () => {
    const invitation = fresh({ expiresInDays: 7 });
    expect(effectiveStatus(invitation, at(7 * DAY - 1))).toBe('pending');
    expect(isOpen(invitation, at(7 * DAY - 1))).toBe(true);
    expect(effectiveStatus(invitation, at(7 * DAY))).toBe('expired');
    expect(isOpen(invitation, at(7 * DAY))).toBe(false);
  });

  it('when an accepted or revoked invitation passes its expiry, then it keeps its stored status', () => {
    const accepted = accept(fresh(), { now: at(1000), clientId: 'client-1' });
    expect(effectiveStatus(accepted, at(30 * DAY))).toBe('accepted');
    const revoked = revoke(fresh(), at(1000));
    expect(effectiveStatus(revoked, at(30 * DAY))).toBe('revoked');
  });
});

describe('resend', () => {
  it('when resent, then the key rotates, the old hash is remembered, the expiry is renewed and delivery restarts', () => {
    const sent = { ...fresh(), delivery: { status: 'sent' as const, attempts: 1, sentAt: t0 } };
    const next = resend(sent, { now: at(DAY), keyHash: 'hash-2', expiresInDays: 10 });
    expect(next).toMatchObject({
      status: 'pending',
      keyHash: 'hash-2',
      keyVersion: 2,
      supersededKeyHashes: ['hash-1'],
      expiresAt: at(11 * DAY),
      delivery: { status: 'queued', attempts: 0 },
    });
    const again = resend(next, { now: at(2 * DAY), keyHash: 'hash-3', expiresInDays: 7 });
    expect(again.keyVersion).toBe(3);
    expect(again.supersededKeyHashes).toEqual(['hash-2', 'hash-1']);
  });

  it('when resent many times, then only the ten most recent old hashes are kept', () => {
    let invitation = fresh();
    for (let i = 2; i <= 13; i++) invitation = resend(invitation, { now: t0, keyHash: `hash-${i}`, expiresInDays: 7 });
    expect(invitation.supersededKeyHashes).toHaveLength(10);
    expect(invitation.supersededKeyHashes[0]).toBe('hash-12');
    expect(invitation.supersededKeyHashes).not.toContain('hash-1');
  });

  it('when an expired invitation is resent, then it is pending again', () => {
    const next = resend(fresh({ expiresInDays: 1 }), { now: at(2 * DAY), keyHash: 'hash-2', expiresInDays: 7 });
    expect(effectiveStatus(next, at(2 * DAY))).toBe('pending');
  });

  it('when an accepted, completed or revoked invitation is resent, then it is a conflict naming its status', () => {
    const accepted = accept(fresh(), { now: t0, clientId: 'c' });
    expect(codeOf(() => resend(accepted, { now: t0, keyHash: 'h', expiresInDays: 7 }))).toEqual({
      code: 'invitation-accepted',
      details: {},
    });
    expect(codeOf(() => resend(complete(accepted, t0), { now: t0, keyHash: 'h', expiresInDays: 7 })).code).toBe(
      'invitation-completed',
    );
    expect(codeOf(() => resend(revoke(fresh(), t0), { now: t0, keyHash: 'h', expiresInDays: 7 })).code).toBe(
      'invitation-revoked',
    );
  });

  it('when the new expiry is out of range, then it is refused before anything changes', () => {
    expect(codeOf(() => resend(fresh(), { now: t0, keyHash: 'h', expiresInDays: 31 })).code).toBe('validation-failed');
  });
});

describe('revoke', () => {
  it('when a pending or expired invitation is revoked, then it is revoked with the time', () => {
    expect(revoke(fresh(), at(5))).toMatchObject({ status: 'revoked', revokedAt: at(5) });
    expect(revoke(fresh({ expiresInDays: 1 }), at(2 * DAY)).status).toBe('revoked');
  });

  it('when it is revoked twice, then the second time changes nothing', () => {
    const revoked = revoke(fresh(), at(5));
    expect(revoke(revoked, at(10))).toBe(revoked);
  });

  it('when an accepted invitation is revoked, then it is a conflict', () => {
    expect(codeOf(() => revoke(accept(fresh(), { now: t0, clientId: 'c' }), t0))).toEqual({
      code: 'invitation-accepted',
      details: {},
    });
  });
});

describe('accept, complete, opened', () => {
  it('when accepted while pending, then it records the client; once expired it cannot be', () => {
    expect(accept(fresh(), { now: at(1), clientId: 'client-9' })).toMatchObject({
      status: 'accepted',
      acceptedAt: at(1),
      clientId: 'client-9',
    });
    expect(codeOf(() => accept(fresh({ expiresInDays: 1 }), { now: at(DAY), clientId: 'c' })).code).toBe(
      'invitation-expired',
    );
  });

  it('when completed, then only an accepted invitation completes, and completing twice is a no-op', () => {
    const completed = complete(accept(fresh(), { now: t0, clientId: 'c' }), at(9));
    expect(completed).toMatchObject({ status: 'completed', completedAt: at(9) });
    expect(complete(completed, at(10))).toBe(completed);
    expect(codeOf(() => complete(fresh(), t0)).code).toBe('invitation-pending');
  });

  it('when marked opened twice, then the first time is kept', () => {
    const opened = markOpened(fresh(), at(1));
    expect(markOpened(opened, at(2)).openedAt).toEqual(at(1));
  });
});

describe('following a link', () => {
  const rotated = () => resend(fresh(), { now: at(1000), keyHash: 'hash-2', expiresInDays: 7 });

  it('when the key is the current one of a pending invitation, then the link is valid', () => {
    expect(followLink(fresh(), 'hash-1', at(1), same).kind).toBe('valid');
  });

  it('when the invitation does not exist or the key is wrong, then not-found', () => {
    expect(followLink(undefined, 'hash-1', t0, same)).toEqual({ kind: 'not-found' });
    expect(followLink(fresh(), 'hash-x', t0, same)).toEqual({ kind: 'not-found' });
  });

  it('when the key is the current one past expiry, then expired', () => {
    expect(followLink(fresh(), 'hash-1', at(7 * DAY), same).kind).toBe('expired');
  });

  it('when an older key is presented after a resend, then superseded; the new key is valid', () => {
    const invitation = rotated();
    expect(followLink(invitation, 'hash-1', at(2000), same).kind).toBe('superseded');
    expect(followLink(invitation, 'hash-2', at(2000), same).kind).toBe('valid');
  });

  it('when the invitation was accepted or completed, then already-accepted', () => {
    const accepted = accept(fresh(), { now: t0, clientId: 'c' });
    expect(followLink(accepted, 'hash-1', t0, same).kind).toBe('already-accepted');
    expect(followLink(complete(accepted, t0), 'hash-1', t0, same).kind).toBe('already-accepted');
  });

  it('when the invitation was revoked, then its current and older links look unknown', () => {
    const revoked = revoke(rotated(), at(3000));
    expect(followLink(revoked, 'hash-2', at(4000), same)).toEqual({ kind: 'not-found' });
    expect(followLink(revoked, 'hash-1', at(4000), same)).toEqual({ kind: 'not-found' });
  });

  it('when hashes are compared, then the given comparison is used (constant time in production)', () => {
    const calls: Array<[string, string]> = [];
    followLink(rotated(), 'hash-1', t0, (a, b) => {
      calls.push([a, b]);
      return a === b;
    });
    expect(calls[0]).toEqual(['hash-2', 'hash-1']);
    expect(calls).toContainEqual(['hash-1', 'hash-1']);
  });
});
