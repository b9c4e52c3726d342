import { describe, expect, it } from 'vitest';
import { apiAudiences, ConfigError, parseSettings, settingNames } from '../../shared/config.js';
import { validSettings as valid } from '../support/settings.js';

describe('settings', () => {
  it('when every key is valid, then defaults are filled and URLs lose their trailing slash', () => {
    const s = parseSettings(valid);
    expect(s.PUBLIC_BASE_URL).toBe('https://onboarding.example');
    expect(s.CLIENT_AUTHORITY).toBe('https://clients.ciamlogin.com/7a2e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d22');
    expect(s.WORKFORCE_AUTHORITY_HOST).toBe('https://login.microsoftonline.com');
    expect(s.GRAPH_BASE_URL).toBe('https://graph.microsoft.com');
    expect(s.LOG_LEVEL).toBe('info');
    expect(s.SESSION_KEYS).toHaveLength(1);
    expect(s.API_AUDIENCE).toEqual([`api://${valid.API_APP_ID}`]);
  });

  it('when no issuer is set, then External ID’s issuer comes from the tenant id, not from the authority', () => {
    const s = parseSettings(valid);
    const tid = valid.CLIENT_TENANT_ID;
    expect(s.CLIENT_ISSUER).toBe(`https://${tid}.ciamlogin.com/${tid}/v2.0`);
    expect(s.CLIENT_ISSUER).not.toBe(`${s.CLIENT_AUTHORITY}/v2.0`);
    expect(s.WORKFORCE_ISSUER).toBe(`https://login.microsoftonline.com/${valid.WORKFORCE_TENANT_ID}/v2.0`);
    // A custom domain authority changes nothing: the issuer is still the tenant's ciamlogin.com one.
    const custom = parseSettings({ ...valid, CLIENT_AUTHORITY: `https://login.example.com/${tid}` });
    expect(custom.CLIENT_ISSUER).toBe(`https://${tid}.ciamlogin.com/${tid}/v2.0`);
    expect(parseSettings({ ...valid, CLIENT_ISSUER: 'https://issuer.example/x/v2.0' }).CLIENT_ISSUER).toBe(
      'https://issuer.example/x/v2.0',
    );
  });

  it('when CLIENT_AUTHORITY does not end with the client tenant id, then it is reported', () => {
    for (const authority of [
      'https://clients.ciamlogin.com/',
      'https://clients.ciamlogin.com/clients.onmicrosoft.com',
      `https://clients.ciamlogin.com/${valid.WORKFORCE_TENANT_ID}`,
      `https://clients.ciamlogin.com/${valid.CLIENT_TENANT_ID}/v2.0`,
    ]) {
      expect(() => parseSettings({ ...valid, CLIENT_AUTHORITY: authority }), authority).toThrow(
        /CLIENT_AUTHORITY: must be https:\/\/<host>\/<CLIENT_TENANT_ID>/,
      );
    }
  });

  it('when API_APP_ID is set, then professionals’ tokens may carry it or the Application ID URI(s) in aud', () => {
    const guid = valid.API_APP_ID;
    expect(apiAudiences(parseSettings(valid))).toEqual([guid, `api://${guid}`]);
    const listed = parseSettings({ ...valid, API_AUDIENCE: ` api://onboarding , api://other,` });
    expect(apiAudiences(listed)).toEqual([guid, 'api://onboarding', 'api://other']);
    const { API_APP_ID: _, ...rest } = valid;
    expect(() => parseSettings(rest)).toThrow(/API_APP_ID: missing/);
    expect(() => parseSettings({ ...valid, API_APP_ID: 'api://onboarding' })).toThrow(/API_APP_ID/);
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

  it('when a value has the wrong shape, then the problem says what the setting must be', () => {
    const problemsOf = (env: Record<string, string>) => {
      try {
        parseSettings({ ...valid, ...env });
      } catch (e) {
        return (e as ConfigError).problems;
      }
      return [];
    };
    expect(
      problemsOf({
        PUBLIC_BASE_URL: 'ftp://onboarding.example',
        GRAPH_BASE_URL: 'not a url',
        WORKFORCE_TENANT_ID: '6f1e4d43-5c1a-4b0e-9d0c',
        EMAIL_SENDER_ADDRESS: 'DoNotReply@',
        EMAIL_QUOTA_PER_MINUTE: '2.5',
        CONSOLE_SESSION_HOURS: '25',
        LOG_LEVEL: 'verbose',
        API_AUDIENCE: ' , ',
      }),
    ).toEqual([
      'PUBLIC_BASE_URL: must be an http(s) URL',
      'EMAIL_SENDER_ADDRESS: must be an email address',
      'WORKFORCE_TENANT_ID: must be a GUID',
      'API_AUDIENCE: must list at least one value',
      'GRAPH_BASE_URL: must be a URL',
      'EMAIL_QUOTA_PER_MINUTE: must be a whole number from 1',
      'CONSOLE_SESSION_HOURS: must be a whole number from 1 to 24',
      'LOG_LEVEL: must be one of debug, info, warn, error',
    ]);
    // Numbers are read from their text, as app settings are text.
    const s = parseSettings({ ...valid, EMAIL_RETRY_BASE_SECONDS: '300', CONSOLE_IDLE_MINUTES: '1' });
    expect([s.EMAIL_RETRY_BASE_SECONDS, s.CONSOLE_IDLE_MINUTES]).toEqual([300, 1]);
    expect(problemsOf({ CONSOLE_APP_ID: '1b3e4d43-5c1a-4b0e-9d0c-3f1b2a1c0d55' })).toEqual([
      'CONSOLE_APP_CERTIFICATE: required with CONSOLE_APP_ID',
    ]);
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
    const identityOnly = ['AzureWebJobsStorage__accountName', 'AzureWebJobsStorage__clientId', 'ACS_ENDPOINT'];
    // Optional keys whose defaults are derived from other keys (the stack leaves them to the defaults too).
    const derived = ['CLIENT_ISSUER', 'WORKFORCE_ISSUER', 'API_AUDIENCE', 'CLIENT_TENANT_DOMAIN'];
    expect(
      Object.keys(sample.Values)
        .filter((k) => !runtimeOnly.includes(k))
        .sort(),
    ).toEqual(settingNames.filter((k) => !identityOnly.includes(k) && !derived.includes(k)).sort());
  });
});
