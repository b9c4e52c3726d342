/** The email quota settings (ACS service limits: an Azure-managed domain's quota unless the deployment says more). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../shared/config.js';
import { paceInterval } from '../../shared/domain/bulk.js';
import { TEST_APP_CERTIFICATE } from '../support/settings.js';

const tenant = '7a2e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d22';
const valid = {
  PUBLIC_BASE_URL: 'https://onboarding.example',
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  ACS_CONNECTION_STRING: 'endpoint=https://acs.example/;accesskey=abc',
  EMAIL_SENDER_ADDRESS: 'DoNotReply@0f1e2d3c.azurecomm.net',
  SMS_SENDER: '+33700000001',
  WORKFORCE_TENANT_ID: '6f1e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d11',
  API_APP_ID: '9c4e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d44',
  API_AUDIENCE: 'api://onboarding',
  CLIENT_TENANT_ID: tenant,
  CLIENT_AUTHORITY: `https://clients.ciamlogin.com/${tenant}`,
  CLIENT_APP_ID: '8b3e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d33',
  CLIENT_APP_CERTIFICATE: TEST_APP_CERTIFICATE,
  SESSION_KEYS: Buffer.alloc(32, 7).toString('base64'),
  TWO_STEP_KEYS: Buffer.alloc(32, 9).toString('base64'),
};

describe('email quota settings', () => {
  it('when no quota is set, then sends are paced to an Azure-managed domain’s quota: 5 a minute, 10 an hour', () => {
    const s = parseSettings(valid);
    expect([s.EMAIL_QUOTA_PER_MINUTE, s.EMAIL_QUOTA_PER_HOUR]).toEqual([5, 10]);
    // The stricter of the two: one email every 6 minutes.
    expect(paceInterval({ perMinute: s.EMAIL_QUOTA_PER_MINUTE, perHour: s.EMAIL_QUOTA_PER_HOUR })).toBe(360);
  });

  it('when a verified custom domain’s quota is set, then it is used', () => {
    const s = parseSettings({ ...valid, EMAIL_QUOTA_PER_MINUTE: '30', EMAIL_QUOTA_PER_HOUR: '100' });
    expect([s.EMAIL_QUOTA_PER_MINUTE, s.EMAIL_QUOTA_PER_HOUR]).toEqual([30, 100]);
  });

  it('when the sample settings are read, then they carry the same defaults', () => {
    const sample = JSON.parse(readFileSync(new URL('../../local.settings.sample.json', import.meta.url), 'utf8'));
    expect([sample.Values.EMAIL_QUOTA_PER_MINUTE, sample.Values.EMAIL_QUOTA_PER_HOUR]).toEqual(['5', '10']);
  });
});
