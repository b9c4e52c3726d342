import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { isEmail } from '../../shared/domain/email-address.js';
import { createLogger, maskEmail, maskPhone, maskText } from '../../shared/log.js';

describe('logging', () => {
  it('when an email or a phone is logged, then it is masked', () => {
    expect(maskEmail('willy.urs@example.com')).toBe('w•••@example.com');
    expect(maskPhone('+33612345634')).toBe('+33 6 •• •• •• 34');
    expect(maskText('sent to willy.urs@example.com and +33 6 12 34 56 34')).toBe(
      'sent to w•••@example.com and +33 6 •• •• •• 34',
    );
  });

  it('when an address holds any character the email rule accepts, then only its first character is shown', () => {
    for (const local of ['john!doe', 'a#b', 'a/b', 'a?b', "o'neil", 'x{y}z', 'a=b^c', 'a`b|c~d', 'a$b&c*d']) {
      const address = `${local}@example.com`;
      expect(isEmail(address), address).toBe(true);
      expect(maskEmail(address)).toBe(`${local[0]}•••@example.com`);
      expect(maskText(`invited ${address} today`)).toBe(`invited ${local[0]}•••@example.com today`);
    }
  });

  it('when a URL carries a key, code or state, then the value is redacted', () => {
    expect(maskText('GET /api/InviteUser?invitationId=7ecb&key=AbC_123-xyz&lang=fr')).toBe(
      'GET /api/InviteUser?invitationId=7ecb&key=[redacted]&lang=fr',
    );
    expect(maskText('/callback?code=0.AAA&state=xyz')).toBe('/callback?code=[redacted]&state=[redacted]');
  });

  it('when fields named like secrets are logged, then their values never reach the line', () => {
    const lines: string[] = [];
    const log = createLogger((_level, line) => lines.push(line), { invocationId: 'inv-1' });
    log.info('invitation.created', {
      invitationId: 'b7d0',
      key: 'k-secret-1',
      invitationKey: 'k-secret-2',
      headers: { authorization: 'Bearer eyJ-secret-3', 'content-type': 'application/json' },
      clientSecret: 'secret-4',
      activationCode: '123456',
      password: 'Hunter2!hunter2',
      nested: [{ refresh_token: 'rt-secret-5' }],
      code: 'invitation-pending',
    });
    const line = lines[0]!;
    for (const secret of ['k-secret-1', 'k-secret-2', 'eyJ-secret-3', 'secret-4', '123456', 'Hunter2', 'rt-secret-5']) {
      expect(line).not.toContain(secret);
    }
    const parsed = JSON.parse(line);
    expect(parsed).toMatchObject({
      level: 'info',
      event: 'invitation.created',
      invitationId: 'b7d0',
      invocationId: 'inv-1',
      code: 'invitation-pending',
    });
    expect(parsed.headers['content-type']).toBe('application/json');
  });

  it('when the sign-in’s state, nonce, verifier, code or tokens, a cookie or a new password are logged as fields, then their values never reach the line', () => {
    const lines: string[] = [];
    const log = createLogger((_level, line) => lines.push(line));
    const secrets: Record<string, string> = {
      state: 'state-secret-01',
      nonce: 'nonce-secret-02',
      verifier: 'verifier-secret-03',
      codeVerifier: 'verifier-secret-04',
      code_verifier: 'verifier-secret-05',
      authorization_code: 'code-secret-06',
      authorizationCode: 'code-secret-07',
      token: 'token-secret-08',
      id_token: 'token-secret-09',
      idToken: 'token-secret-10',
      accessToken: 'token-secret-11',
      cookie: '__Host-session=cookie-secret-12',
      'set-cookie': '__Host-signin=cookie-secret-13',
      temporaryPassword: 'password-secret-14',
      newPassword: 'password-secret-15',
      otp: 'otp-secret-16',
      verificationCode: 'code-secret-17',
    };
    log.warn('security.sign-in.refused', { ...secrets, headers: { Cookie: 'session-secret-18' } });
    const line = lines[0]!;
    for (const secret of [...Object.values(secrets), 'session-secret-18']) {
      expect(line, secret).not.toContain(secret.split('=').pop()!);
    }
    const parsed = JSON.parse(line);
    for (const name of Object.keys(secrets)) expect(parsed[name], name).toBe('[redacted]');
  });

  it('when an error with a cause is logged, then each of the chain gives its name, masked message, code, status and first stack frame', () => {
    const lines: string[] = [];
    const log = createLogger((_level, line) => lines.push(line));
    const sdk = new RestError('Server busy for willy.urs@example.com at /Tables?sig=s3cr3t-sig', {
      statusCode: 503,
      code: 'ServerBusy',
    });
    const wrapped = new Error('Storage is not available right now', { cause: sdk });
    log.error('request.refused', { cause: wrapped });
    const line = lines[0]!;
    expect(line).not.toContain('s3cr3t-sig');
    expect(line).not.toContain('willy.urs@');
    const { cause } = JSON.parse(line);
    expect(cause).toMatchObject({ name: 'Error', message: 'Storage is not available right now' });
    expect(cause.stack).toMatch(/^at .*log\.test\.ts:\d+:\d+/);
    expect(cause.cause).toEqual({
      name: 'RestError',
      message: 'Server busy for w•••@example.com at /Tables?sig=[redacted]',
      code: 'ServerBusy',
      statusCode: 503,
      stack: expect.stringMatching(/^at /),
    });
    expect(cause.cause.stack).not.toContain('\n');
  });

  it('when the level is below the minimum, then nothing is written', () => {
    const lines: string[] = [];
    const log = createLogger((_l, line) => lines.push(line), {}, 'warn');
    log.info('ignored');
    log.warn('kept');
    expect(lines.map((l) => JSON.parse(l).event)).toEqual(['kept']);
  });
});
