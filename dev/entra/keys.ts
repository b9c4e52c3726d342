/**
 * The signing keys of the local Entra ID (RS256, each with a `kid`), shared by all tenants as in Entra.
 * `rotate()` adds a new key and makes it the one that signs; retired keys stay published in the JWKS for a
 * while, so tokens already handed out still verify — that is how Entra rotates, and why verifiers must
 * refetch the JWKS on an unknown `kid`. Private keys persist in the data folder when one is given.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import {
  createLocalJWKSet,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  type JWTVerifyOptions,
  type JWTVerifyResult,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { JsonFile } from './json-file.js';

const generateRsa = promisify(generateKeyPair);

/** How long a retired key stays in the JWKS: longer than any token it signed lives (1 h), like Entra's overlap. */
export const RETIRED_KEY_RETENTION_MS = 24 * 60 * 60 * 1000;

interface StoredKey {
  kid: string;
  privateJwk: JWK;
  createdAt: number;
  retiredAt?: number;
}

export interface KeyFile {
  keys: StoredKey[];
}

interface LiveKey extends StoredKey {
  privateKey: KeyObject;
  publicJwk: JWK;
}

async function newKey(now: number): Promise<LiveKey> {
  const { privateKey, publicKey } = await generateRsa('rsa', { modulusLength: 2048 });
  // Entra's kid is the base64url SHA-1 thumbprint of the certificate; the public key's is as good locally.
  const kid = createHash('sha1')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('base64url');
  return toLive({ kid, privateJwk: privateKey.export({ format: 'jwk' }) as JWK, createdAt: now });
}

function toLive(stored: StoredKey): LiveKey {
  const privateKey = createPrivateKey({ key: stored.privateJwk as JsonWebKey, format: 'jwk' });
  const { n, e } = createPublicKey(privateKey).export({ format: 'jwk' }) as { n: string; e: string };
  return { ...stored, privateKey, publicJwk: { kty: 'RSA', use: 'sig', kid: stored.kid, x5t: stored.kid, n, e } };
}

export class SigningKeys {
  private constructor(
    private keys: LiveKey[],
    private readonly file: JsonFile<KeyFile>,
    private readonly now: () => number,
  ) {}

  static async open(file: JsonFile<KeyFile>, now: () => number): Promise<SigningKeys> {
    const stored = await file.read();
    const keys = (stored?.keys ?? []).map(toLive);
    const signingKeys = new SigningKeys(keys, file, now);
    if (!keys.some((k) => k.retiredAt === undefined)) {
      signingKeys.keys.push(await newKey(now()));
      await signingKeys.persist();
    }
    return signingKeys;
  }

  private active(): LiveKey {
    const active = this.keys.filter((k) => k.retiredAt === undefined).at(-1);
    if (!active) throw new Error('No active signing key');
    return active;
  }

  get activeKid(): string {
    return this.active().kid;
  }

  /** Adds a new signing key; the previous one keeps verifying until RETIRED_KEY_RETENTION_MS has passed. */
  async rotate(): Promise<void> {
    const now = this.now();
    const next = await newKey(now);
    for (const key of this.keys) key.retiredAt ??= now;
    this.keys = this.keys.filter((k) => k.retiredAt === undefined || now - k.retiredAt < RETIRED_KEY_RETENTION_MS);
    this.keys.push(next);
    await this.persist();
  }

  /** The JWKS as Entra publishes it for a tenant (`issuer` per key, newest key first). */
  jwks(issuer: string): JSONWebKeySet {
    return { keys: this.published().map((jwk) => ({ ...jwk, issuer })) };
  }

  private published(): JWK[] {
    const now = this.now();
    return this.keys
      .filter((k) => k.retiredAt === undefined || now - k.retiredAt < RETIRED_KEY_RETENTION_MS)
      .map((k) => k.publicJwk)
      .reverse();
  }

  async sign(payload: JWTPayload): Promise<string> {
    const key = this.active();
    return new SignJWT(payload).setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.kid }).sign(key.privateKey);
  }

  /** Verifies a token this server issued (Graph bearer tokens), against the keys currently published. */
  verify(token: string, options: JWTVerifyOptions): Promise<JWTVerifyResult> {
    const jwks = createLocalJWKSet({ keys: this.published() });
    return jwtVerify(token, jwks, { algorithms: ['RS256'], currentDate: new Date(this.now()), ...options });
  }

  private persist(): Promise<void> {
    return this.file.write({
      keys: this.keys.map(({ kid, privateJwk, createdAt, retiredAt }) => ({
        kid,
        privateJwk,
        createdAt,
        ...(retiredAt !== undefined && { retiredAt }),
      })),
    });
  }
}
