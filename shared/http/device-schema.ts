/**
 * The mobile app's requests and answers (docs/mobile-app.md): activating a device, the device's own call, the
 * companies its account reaches, a revoked device, the app's versions. The functions validate with these schemas and the OpenAPI document is generated from
 * them.
 */
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import './zod-messages.js';
import { APP_VERSION_MAX_LENGTH } from '../domain/app-version.js';
import type { Device } from '../domain/client-file.js';
import type { DeviceCompany } from '../domain/use-cases/devices.js';

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const activateDeviceRequestSchema = z
  .object({
    identificationCode: z
      .string({
        error: (issue) =>
          issue.input === undefined ? undefined : 'must be a string: the 8-character code of the client sheet',
      })
      .trim()
      .min(1, 'must not be empty')
      .max(32, 'must be at most 32 characters')
      .describe('The identification code of the client sheet (8 characters; any case, spaces and hyphens ignored)'),
    activationCode: z
      .string({ error: (issue) => (issue.input === undefined ? undefined : 'must be a string of 6 digits') })
      // As the identification code: spaces and hyphens between digits ("397 057", "397-057") are ignored.
      .transform((typed) => typed.replace(/[\s-]+/g, ''))
      .pipe(z.string().regex(/^\d{6}$/, 'must be the 6 digits of the SMS'))
      .describe('The 6-digit code of the activation SMS (spaces and hyphens ignored: `397 057`)'),
    totpCode: z
      .string()
      .trim()
      .max(24, 'must be at most 24 characters')
      .optional()
      .describe(
        "The authenticator app's 6-digit code (or a recovery code), required when the account has two-step verification on: missing or wrong → 401 two-step-required (reason missing|wrong), the activation code left unused",
      ),
    label: text(100).optional().describe('A name people will recognise the device by, e.g. "iPhone de Claire"'),
  })
  .strict()
  .meta({ id: 'ActivateDeviceRequest' });

export const activationSchema = z
  .object({
    deviceToken: z.string().describe('The device credential: send it as `Authorization: Bearer …` on device calls'),
    clientId: z.uuid().describe("The client's id"),
    expiresAt: z.iso.datetime().describe('When the credential stops working (30 days); activate again after'),
  })
  .meta({ id: 'DeviceActivation' });

export const currentDeviceSchema = z
  .object({
    clientId: z.uuid(),
    deviceId: z.uuid(),
    mobileApp: z.object({
      usableUntil: z.iso.date().optional().describe('The last day (Paris) the app may be used; none: no end'),
    }),
  })
  .meta({ id: 'CurrentDevice' });

export const deviceCompaniesSchema = z
  .object({
    items: z
      .array(
        z.object({
          providerId: z.string().describe('The provider the person is the client of'),
          providerName: z.string(),
          companyId: z.uuid().optional().describe('One of their companies there; none: they own no company there yet'),
          companyName: z.string().optional(),
        }),
      )
      .describe(
        'Where the account may work, as the portal’s company picker offers it: blocked or merged places, and ' +
          'providers no longer using the service, are left out',
      ),
  })
  .meta({ id: 'DeviceCompanies' });

export function deviceCompaniesJson(companies: DeviceCompany[]) {
  return {
    items: companies.map((c) => ({
      providerId: c.providerId,
      providerName: c.providerName,
      ...(c.companyId ? { companyId: c.companyId } : {}),
      ...(c.companyName !== undefined && c.companyId ? { companyName: c.companyName } : {}),
    })),
  };
}

export const deviceSchema = z
  .object({
    id: z.uuid(),
    activatedAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime().describe('Written at most once an hour'),
    appVersion: z.string().optional(),
    label: z.string().optional(),
    revokedAt: z.iso.datetime().optional(),
    revokedBy: z.string().optional().describe('The professional (object id) who revoked it'),
  })
  .meta({ id: 'Device' });

export const appConfigSchema = z
  .object({
    minimumAppVersion: z.string().describe('Older apps are refused with 426 `update-required`'),
    latestAppVersion: z.string().describe('The latest published version: offer the update to older apps'),
    storeUrls: z
      .object({ ios: z.url().optional(), android: z.url().optional() })
      .describe("The app's store pages, as configured"),
  })
  .meta({ id: 'AppConfig' });

export const appVersionHeader = z.object({
  'X-App-Version': z
    .string()
    .max(APP_VERSION_MAX_LENGTH)
    .optional()
    .describe(
      "The app's version (semantic: 1.10.0 comes after 1.9.3). Below the minimum: 426 `update-required`; none: allowed",
    ),
});

export const devicePath = z.object({
  id: z.uuid().describe("The client's id"),
  deviceId: z.uuid().describe("The device's id"),
});

export function deviceJson(device: Device) {
  return {
    id: device.id,
    activatedAt: device.activatedAt.toISOString(),
    lastSeenAt: device.lastSeenAt.toISOString(),
    ...(device.appVersion ? { appVersion: device.appVersion } : {}),
    ...(device.label ? { label: device.label } : {}),
    ...(device.revokedAt ? { revokedAt: device.revokedAt.toISOString() } : {}),
    ...(device.revokedBy ? { revokedBy: device.revokedBy } : {}),
  };
}
