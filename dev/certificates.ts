/**
 * Dev certificate authority for the local stack. Generated on first start and kept in `.dev/`, so that
 * the local Entra ID and the local ACS can speak https (MSAL refuses http authorities) and Node trusts
 * them through NODE_EXTRA_CA_CERTS. Never used outside development.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface DevCertificates {
  /** Absolute path of the CA certificate (PEM): give it to NODE_EXTRA_CA_CERTS. */
  caCertPath: string;
  caCert: string;
  /** Server certificate for localhost / 127.0.0.1 / ::1, signed by the CA. */
  cert: string;
  key: string;
}

const DAY = 24 * 60 * 60 * 1000;

/** Returns the dev CA and localhost certificate in `dir`, creating them if missing or expiring within a week. */
export async function ensureDevCertificates(dir: string): Promise<DevCertificates> {
  const caCertPath = path.resolve(dir, 'ca.crt');
  const caKeyPath = path.resolve(dir, 'ca.key');
  const certPath = path.resolve(dir, 'localhost.crt');
  const keyPath = path.resolve(dir, 'localhost.key');
  const metaPath = path.resolve(dir, 'certificates.json');
  if ([caCertPath, caKeyPath, certPath, keyPath, metaPath].every((p) => existsSync(p))) {
    const meta = JSON.parse(await readFile(metaPath, 'utf8')) as { notAfter: string };
    if (Date.parse(meta.notAfter) - Date.now() > 7 * DAY) {
      const [caCert, cert, key] = await Promise.all([
        readFile(caCertPath, 'utf8'),
        readFile(certPath, 'utf8'),
        readFile(keyPath, 'utf8'),
      ]);
      return { caCertPath, caCert, cert, key };
    }
  }
  await mkdir(dir, { recursive: true });
  const notBeforeDate = new Date(Date.now() - DAY);
  const notAfterDate = new Date(Date.now() + 825 * DAY);
  const ca = await generate([{ name: 'commonName', value: 'Client onboarding local dev CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  await Promise.all([
    writeFile(caCertPath, ca.cert),
    writeFile(caKeyPath, ca.private, { mode: 0o600 }),
    writeFile(certPath, server.cert),
    writeFile(keyPath, server.private, { mode: 0o600 }),
    writeFile(metaPath, JSON.stringify({ notAfter: notAfterDate.toISOString() })),
  ]);
  return { caCertPath, caCert: ca.cert, cert: server.cert, key: server.private };
}
