/**
 * The MSAL clients' certificates (CLIENT_APP_CERTIFICATE, CONSOLE_APP_CERTIFICATE): the settings check reads the PEM
 * a Key Vault reference returns into what MSAL signs with, and refuses what would fail at the first token request —
 * without ever echoing the key. A leftover client secret setting is refused too.
 */
import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseSettings } from '../../shared/config.js';
import { TEST_APP_CERTIFICATE, validSettings as valid } from '../support/settings.js';

const CONSOLE_APP_ID = '1b3e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d55';
const blocks = (pem: string, label: string) =>
  [...pem.matchAll(/-----BEGIN ([A-Z ]+)-----[\s\S]*?-----END \1-----\n?/g)]
    .filter((m) => m[1] === label)
    .map((m) => m[0]);
const certificatePem = blocks(TEST_APP_CERTIFICATE, 'CERTIFICATE').join('');
const keyPem = blocks(TEST_APP_CERTIFICATE, 'PRIVATE KEY').join('');
const otherKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const keyLines = keyPem.split('\n').filter((line) => line && !line.startsWith('-----'));

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseSettings({ ...valid, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('client certificates in the settings', () => {
  it('when CLIENT_APP_CERTIFICATE is a private key and its certificate, then MSAL gets the thumbprint, the key and x5c', () => {
    const s = parseSettings(valid);
    const der = new X509Certificate(certificatePem).raw;
    expect(s.CLIENT_APP_CERTIFICATE.thumbprintSha256).toBe(createHash('sha256').update(der).digest('hex'));
    expect(s.CLIENT_APP_CERTIFICATE.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(new X509Certificate(s.CLIENT_APP_CERTIFICATE.x5c).raw.equals(der)).toBe(true);
    // The certificate first, then the key (another export's order), or with CRLF line ends: the same.
    expect(parseSettings({ ...valid, CLIENT_APP_CERTIFICATE: certificatePem + keyPem }).CLIENT_APP_CERTIFICATE).toEqual(
      s.CLIENT_APP_CERTIFICATE,
    );
    expect(
      parseSettings({ ...valid, CLIENT_APP_CERTIFICATE: TEST_APP_CERTIFICATE.replace(/\n/g, '\r\n') })
        .CLIENT_APP_CERTIFICATE.thumbprintSha256,
    ).toBe(s.CLIENT_APP_CERTIFICATE.thumbprintSha256);
  });

  it('when the certificate is missing, then CLIENT_APP_CERTIFICATE is reported missing', () => {
    const { CLIENT_APP_CERTIFICATE: _, ...rest } = valid;
    expect(() => parseSettings(rest)).toThrow(/CLIENT_APP_CERTIFICATE: missing/);
  });

  it('when the value is not a usable certificate, then the check names the setting and what is wrong', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['not PEM', 'hello', /^CLIENT_APP_CERTIFICATE: does not parse/],
      ['no private key', certificatePem, /^CLIENT_APP_CERTIFICATE: has no private key/],
      ['no certificate', keyPem, /^CLIENT_APP_CERTIFICATE: has no certificate/],
      ['a key of another certificate', otherKeyPem + certificatePem, /does not match its certificate/],
      [
        'a broken key',
        `-----BEGIN PRIVATE KEY-----\n${keyLines.slice(0, 3).join('\n')}\n-----END PRIVATE KEY-----\n${certificatePem}`,
        /^CLIENT_APP_CERTIFICATE: has a private key that does not parse/,
      ],
      [
        'a broken certificate',
        keyPem + certificatePem.replace(/MII[A-Za-z0-9+/]{10}/, 'MIIAAAAAAAAAAAAA'),
        /^CLIENT_APP_CERTIFICATE: has a certificate that does not parse/,
      ],
      [
        'PKCS#12 (the vault’s default content type)',
        new X509Certificate(certificatePem).raw.toString('base64'),
        /PKCS#12 \(PFX\), not PEM: .*application\/x-pem-file/,
      ],
      [
        'an unresolved Key Vault reference',
        '@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/client-app-certificate)',
        /unresolved Key Vault reference/,
      ],
    ];
    for (const [what, value, message] of cases) {
      const problems = problemsOf({ CLIENT_APP_CERTIFICATE: value });
      expect(problems, what).toHaveLength(1);
      expect(problems[0], what).toMatch(message);
      // Never a line of a key in the message.
      for (const line of [...keyLines, ...otherKeyPem.split('\n').slice(1, -2)])
        expect(problems[0], what).not.toContain(line);
    }
  });

  it('when an EC key is given, then it is refused: Entra verifies RSA signatures', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(problemsOf({ CLIENT_APP_CERTIFICATE: `${ec.toString()}${certificatePem}` })).toEqual([
      'CLIENT_APP_CERTIFICATE: must have an RSA key (Entra verifies client assertions signed with RSA)',
    ]);
  });

  it('when a client secret setting is left over, then the check refuses it and says what replaced it', () => {
    expect(problemsOf({ CLIENT_APP_SECRET: 's3cret' })).toEqual([
      expect.stringMatching(/^CLIENT_APP_SECRET: no longer read: the app authenticates with CLIENT_APP_CERTIFICATE/),
    ]);
    expect(problemsOf({ CONSOLE_APP_SECRET: 's3cret' })).toEqual([
      expect.stringMatching(
        /^CONSOLE_APP_SECRET: no longer read: the console authenticates with CONSOLE_APP_CERTIFICATE/,
      ),
    ]);
    // Never the secret itself.
    expect(problemsOf({ CLIENT_APP_SECRET: 'p4ssw0rd-value' }).join('\n')).not.toContain('p4ssw0rd-value');
  });

  it('when the console is on, then its certificate is required and checked; when off, it is not read', () => {
    expect(problemsOf({ CONSOLE_APP_ID })).toEqual(['CONSOLE_APP_CERTIFICATE: required with CONSOLE_APP_ID']);
    expect(problemsOf({ CONSOLE_APP_ID, CONSOLE_APP_CERTIFICATE: certificatePem })).toEqual([
      'CONSOLE_APP_CERTIFICATE: has no private key (-----BEGIN PRIVATE KEY-----)',
    ]);
    const on = parseSettings({ ...valid, CONSOLE_APP_ID, CONSOLE_APP_CERTIFICATE: TEST_APP_CERTIFICATE });
    expect(on.CONSOLE_APP_CERTIFICATE?.thumbprintSha256).toBe(
      parseSettings(valid).CLIENT_APP_CERTIFICATE.thumbprintSha256,
    );
    // Azure sets the reference whether or not the console is on: unresolved, it is the reference's text.
    const off = parseSettings({
      ...valid,
      CONSOLE_APP_CERTIFICATE:
        '@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/console-app-certificate)',
    });
    expect(off.CONSOLE_APP_CERTIFICATE).toBeUndefined();
  });
});
