/**
 * The certificate a confidential client authenticates to Entra with (a reader of shared/config.ts) (docs/decisions.md, "The MSAL clients authenticate
 * with a certificate from Key Vault"): the PEM that a Key Vault reference to a certificate's secret returns when the
 * certificate's policy has the PEM content type (`application/x-pem-file`) — the private key (PKCS#8) and the
 * certificate, leaf first — read into what MSAL Node signs its client assertions with: `{ thumbprintSha256,
 * privateKey, x5c }`.
 *
 * What is wrong is said without the value: never a line of the key, nor the crypto library's own message.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';

/**
 * node:crypto, taken synchronously from Node's builtins when a certificate is read rather than imported: the settings
 * load no package (test/unit/cold-start-graph.test.ts), and a route that never reads them pays nothing.
 */
const crypto = () => process.getBuiltinModule('node:crypto');

/** MSAL Node's `auth.clientCertificate`. */
export interface ClientCertificate {
  /** SHA-256 thumbprint of the certificate (hex): the assertion's `x5t#S256`, as Entra lists it on the registration. */
  thumbprintSha256: string;
  /** The private key, PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), as MSAL Node asks. */
  privateKey: string;
  /** The certificate (and its chain, if any), PEM: the assertion's `x5c`. */
  x5c: string;
}

/** Why a value is not a usable client certificate: a message that names what is wrong, never the value. */
export class ClientCertificateProblem extends Error {}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?\r?\n?-----END \1-----/g;

/** Reads a client certificate from PEM text (private key + certificate), or throws a ClientCertificateProblem. */
export function readClientCertificate(value: string): ClientCertificate {
  const { createPrivateKey, createPublicKey, X509Certificate } = crypto();
  // An app setting edited by hand may carry literal "\n" instead of line breaks.
  const pem = value.includes('-----BEGIN') && !value.includes('\n') ? value.replace(/\\n/g, '\n') : value;
  if (/^@Microsoft\.KeyVault\(/i.test(pem.trim()))
    throw new ClientCertificateProblem(
      'is an unresolved Key Vault reference: the certificate is missing from the vault or the identity may not read its secret',
    );
  const blocks = [...pem.matchAll(BLOCK)].map((m) => ({ label: m[1] ?? '', text: m[0] }));
  if (blocks.length === 0) {
    const der = Buffer.from(pem.trim(), 'base64');
    if (der.length > 0 && der[0] === 0x30)
      throw new ClientCertificateProblem(
        'is PKCS#12 (PFX), not PEM: create the certificate in Key Vault with the content type application/x-pem-file',
      );
    throw new ClientCertificateProblem('does not parse: expected PEM with a private key and a certificate');
  }
  const keys = blocks.filter((b) => b.label.endsWith('PRIVATE KEY'));
  if (keys.length === 0) throw new ClientCertificateProblem('has no private key (-----BEGIN PRIVATE KEY-----)');
  if (keys.length > 1) throw new ClientCertificateProblem('has more than one private key');
  const [keyBlock] = keys;
  if (keyBlock!.label.startsWith('ENCRYPTED'))
    throw new ClientCertificateProblem(
      'has an encrypted private key: it must be unencrypted PEM, as Key Vault exports it',
    );
  let key: KeyObject;
  try {
    key = createPrivateKey(keyBlock!.text);
  } catch {
    throw new ClientCertificateProblem('has a private key that does not parse');
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw new ClientCertificateProblem('must have an RSA key (Entra verifies client assertions signed with RSA)');
  const certificates: X509Certificate[] = [];
  for (const block of blocks.filter((b) => b.label === 'CERTIFICATE')) {
    try {
      certificates.push(new X509Certificate(block.text));
    } catch {
      throw new ClientCertificateProblem('has a certificate that does not parse');
    }
  }
  if (certificates.length === 0) throw new ClientCertificateProblem('has no certificate (-----BEGIN CERTIFICATE-----)');
  const publicKey = spki(createPublicKey(key));
  const leaf = certificates.find((c) => spki(c.publicKey).equals(publicKey));
  if (!leaf) throw new ClientCertificateProblem('has a private key that does not match its certificate');
  return {
    thumbprintSha256: leaf.fingerprint256.replace(/:/g, '').toLowerCase(),
    privateKey: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    x5c: [leaf, ...certificates.filter((c) => c !== leaf)].map((c) => c.toString()).join(''),
  };
}

const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });
