import { describe, expect, it } from 'vitest';
import { ConfigError, parseSettings, settingNames } from '../../shared/config.js';

const valid = {
  PUBLIC_BASE_URL: 'https://onboarding.example/',
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  ACS_CONNECTION_STRING: 'endpoint=https://acs.example/;accesskey=abc',
  EMAIL_SENDER_ADDRESS: 'DoNotReply@mail.example.com',
  SMS_SENDER: '+33700000001',
  WORKFORCE_TENANT_ID: '6f1e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d11',
  API_AUDIENCE: 'api://onboarding',
  CLIENT_TENANT_ID: '7a2e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d22',
  CLIENT_AUTHORITY: 'https://clients.ciamlogin.com/7a2e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d22/',
  CLIENT_APP_ID: '8b3e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d33',
  CLIENT_APP_SECRET: 's3cret',
  SESSION_KEYS: Buffer.alloc(32, 7).toString('base64'),
};

describe('settings', () => {
  it('when every key is valid, then defaults are filled and URLs lose their trailing slash', () => {
    const s = parseSettings(valid);
    expect(s.PUBLIC_BASE_URL).toBe('https://onboarding.example');
    expect(s.CLIENT_AUTHORITY).toBe('https://clients.ciamlogin.com/7a2e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d22');
    expect(s.WORKFORCE_AUTHORITY_HOST).toBe('https://login.microsoftonline.com');
    expect(s.GRAPH_BASE_URL).toBe('https://graph.microsoft.com');
    expect(s.LOG_LEVEL).toBe('info');
    expect(s.SESSION_KEYS).toHaveLength(1);
    expect(s.API_AUDIENCE).toEqual(['api://onboarding']);
  });

  it('when API_AUDIENCE lists the Application ID URI and the client id, then both are accepted audiences', () => {
    const guid = '9c4e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d44';
    expect(parseSettings({ ...valid, API_AUDIENCE: ` api://onboarding , ${guid},` }).API_AUDIENCE).toEqual([
      'api://onboarding',
      guid,
    ]);
    expect(() => parseSettings({ ...valid, API_AUDIENCE: ' , ' })).toThrow(/API_AUDIENCE/);
  });

  it('when several keys are missing or bad, then one error lists every one of them', () => {
    const { PUBLIC_BASE_URL: _, CLIENT_APP_ID: __, ...rest } = valid;
    const error = (() => {
      try {
        parseSettings({ ...rest, SMS_SENDER: '0612', SESSION_KEYS: 'c2hvcnQ=' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'PUBLIC_BASE_URL: missing',
        'CLIENT_APP_ID: missing',
        expect.stringMatching(/^SMS_SENDER: must be E.164/),
        expect.stringMatching(/^SESSION_KEYS.*32 bytes/),
      ]),
    );
    expect((error as Error).message).toContain('4 problems');
  });

  it('when neither a storage connection string nor an account name is set, then storage is reported', () => {
    const { AzureWebJobsStorage: _, ...rest } = valid;
    expect(() => parseSettings(rest)).toThrow(
      /AzureWebJobsStorage: set a connection string, or AzureWebJobsStorage__accountName/,
    );
    expect(
      parseSettings({ ...rest, AzureWebJobsStorage__accountName: 'stonboarding' }).AzureWebJobsStorage__accountName,
    ).toBe('stonboarding');
  });

  it('when the sample settings file is read, then it names every setting of the schema and nothing else', async () => {
    const { readFile } = await import('node:fs/promises');
    const sample = JSON.parse(await readFile('local.settings.sample.json', 'utf8')) as {
      Values: Record<string, string>;
    };
    const runtimeOnly = ['FUNCTIONS_WORKER_RUNTIME', 'AzureWebJobsFeatureFlags', 'NODE_EXTRA_CA_CERTS'];
    const identityOnly = [
      'AzureWebJobsStorage__accountName',
      'AzureWebJobsStorage__clientId',
      'ACS_ENDPOINT',
      'CLIENT_ISSUER',
    ];
    expect(
      Object.keys(sample.Values)
        .filter((k) => !runtimeOnly.includes(k))
        .sort(),
    ).toEqual(settingNames.filter((k) => !identityOnly.includes(k)).sort());
  });
});
