import { readFileSync } from 'node:fs';

/**
 * A test app's certificate, PEM (private key and certificate), as a Key Vault reference to a certificate created with
 * the PEM content type returns it. Made with `openssl req -x509 -newkey rsa:2048 -nodes` for tests only.
 */
export const TEST_APP_CERTIFICATE = readFileSync(
  new URL('../fixtures/certificates/test-app.pem', import.meta.url),
  'utf8',
);

/** A complete, valid set of the app's settings (Azure-like, https), for tests that build the settings themselves. */
export const validSettings = {
  PUBLIC_BASE_URL: 'https://onboarding.example/',
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  ACS_CONNECTION_STRING: 'endpoint=https://acs.example/;accesskey=abc',
  EMAIL_SENDER_ADDRESS: 'DoNotReply@mail.example.com',
  SMS_SENDER: '+33700000001',
  WORKFORCE_TENANT_ID: '6f1e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d11',
  API_APP_ID: '9c4e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d44',
  CLIENT_TENANT_ID: '7a2e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d22',
  CLIENT_AUTHORITY: 'https://clients.ciamlogin.com/7a2e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d22/',
  CLIENT_APP_ID: '8b3e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d33',
  CLIENT_APP_CERTIFICATE: TEST_APP_CERTIFICATE,
  SESSION_KEYS: Buffer.alloc(32, 7).toString('base64'),
  TWO_STEP_KEYS: Buffer.alloc(32, 9).toString('base64'),
};
