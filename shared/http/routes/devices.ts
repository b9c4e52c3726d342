/** The OpenAPI description of the mobile app's routes: activating a device, the device's call, revoking, versions. */
import { z } from 'zod';
import {
  activateDeviceRequestSchema,
  activationSchema,
  appConfigSchema,
  appVersionHeader,
  currentDeviceSchema,
  deviceCompaniesSchema,
  devicePath,
  deviceSchema,
} from '../device-schema.js';
import { callerProblems, problem, type ResponseDoc, type RouteDoc, retryAfter } from '../openapi.js';

const updateRequired: ResponseDoc = problem(
  '`update-required`: `X-App-Version` is below the minimum; `minimumAppVersion`, `latestAppVersion` and `storeUrls` ' +
    '(`ios`, `android`) say where to update',
);

const wwwAuthenticate = { 'WWW-Authenticate': { description: '`Bearer`', schema: z.string() } };

const deviceRefused: ResponseDoc = {
  ...problem(
    '`unauthenticated`: no, a bad or an expired credential; `device-revoked`: the device was revoked, or the ' +
      'account’s password changed since the credential was issued — activate again',
  ),
  headers: wwwAuthenticate,
};

const deviceForbidden: ResponseDoc = problem(
  '`mobile-app-not-offered`, `mobile-app-expired`; `access-refused` (blocked, merged, provider inactive: `reason`, ' +
    '`since`, `provider`, `contact`)',
);

const directoryUnavailable: ResponseDoc = problem(
  '`dependency-unavailable`: the directory could not say when the password last changed; retry after ' +
    '`Retry-After` with the same credential',
);

export const activateDeviceRoute: RouteDoc = {
  method: 'post',
  path: '/ActivateDevice',
  operationId: 'activateDevice',
  summary: 'The app activates a device with the identification code and the activation code of the SMS',
  description:
    'Both codes match: the code is used, a device is made (the first one sets the client’s first connection) and ' +
    'its credential answered, to send as a bearer token on device calls. Both codes may be typed with spaces or ' +
    'hyphens (`K7M2-QX9P`, `397 057`): they are removed before the codes are read. A code allows 5 wrong tries; failures ' +
    'count across codes, and 10 within 24 h lock activation until a professional sends a new code. An ' +
    'identification code that names nobody gets the answer of a wrong activation code. When the account has ' +
    'two-step verification on, the right activation code also needs `totpCode` (the authenticator app’s code, or ' +
    'a recovery code): missing or wrong, `401 two-step-required` with `reason` and the activation code stays unused.',
  tags: ['mobile app'],
  parameters: { header: appVersionHeader },
  request: { contentType: 'application/json', schema: activateDeviceRequestSchema },
  responses: {
    '200': { description: 'The device credential (`Cache-Control: no-store`)', schema: activationSchema },
    '400': problem(
      '`activation-code-wrong` with `attemptsRemaining`; invalid fields, malformed JSON; `invalid-app-version`',
    ),
    '403': problem(
      '`activation-locked` (10 failures in 24 h, until a professional sends a new code); `mobile-app-not-offered`; ' +
        '`mobile-app-expired` (past its usable-until day, with `usableUntil`)',
    ),
    '401': problem(
      '`two-step-required` with `reason` (`missing`: no `totpCode`; `wrong`: wrong or already used, with ' +
        '`attemptsRemaining`): the activation code is not spent',
    ),
    '409': problem('`concurrent-update`: the client file kept changing; try again'),
    '410': problem(
      '`activation-code-spent` (5 wrong tries), `activation-code-expired` (10 minutes), `activation-code-used`: ask for a new code',
    ),
    '413': problem('Body too large'),
    '415': problem('Not JSON'),
    '426': updateRequired,
    '429': {
      ...problem('`two-step-locked`: 5 wrong two-step codes in 15 minutes lock the code step for 15 minutes'),
      headers: { 'Retry-After': retryAfter },
    },
  },
};

export const currentDeviceRoute: RouteDoc = {
  method: 'get',
  path: '/devices/current',
  operationId: 'getCurrentDevice',
  summary: 'The app checks its device credential: whose it is, and until when the app may be used',
  description:
    'Each call reads the device and the client file: a revoked device or an app no longer offered stops working ' +
    'at its next call. A credential issued before the account’s password last changed (in the product, or ' +
    'through Entra’s own "forgot password", seen within `DEVICE_CREDENTIAL_CHECK_SECONDS`) is refused as a revoked ' +
    'device. The device’s `lastSeenAt` is written at most once an hour.',
  tags: ['mobile app'],
  deviceCredential: true,
  parameters: { header: appVersionHeader },
  responses: {
    '200': { description: 'The device and the app’s end day', schema: currentDeviceSchema },
    '400': problem('`invalid-app-version`'),
    '401': deviceRefused,
    '403': deviceForbidden,
    '426': updateRequired,
    '503': directoryUnavailable,
  },
};

export const myCompaniesRoute: RouteDoc = {
  method: 'get',
  path: '/me/companies',
  operationId: 'getMyCompanies',
  summary: 'The app lists the (provider, company) places its account reaches, for the person to pick one',
  description:
    'The credential is checked as on `GET /devices/current`. The places are those the portal’s company picker ' +
    'offers the account: every provider the person is the client of, one item per company they own there (or one ' +
    'without a company), blocked or merged places and providers no longer using the service left out. A file ' +
    'without an account (a prospect given the app) reaches its own provider only.',
  tags: ['mobile app'],
  deviceCredential: true,
  parameters: { header: appVersionHeader },
  responses: {
    '200': { description: 'The places, `Cache-Control: no-store`', schema: deviceCompaniesSchema },
    '400': problem('`invalid-app-version`'),
    '401': deviceRefused,
    '403': deviceForbidden,
    '426': updateRequired,
    '503': directoryUnavailable,
  },
};

export const revokeDeviceRoute: RouteDoc = {
  method: 'post',
  path: '/clients/{id}/devices/{deviceId}/revoke',
  operationId: 'revokeDevice',
  summary: 'Disconnect one of a client’s devices: its credential stops working at its next call',
  description: 'Revoking a revoked device answers it as it is. Another provider’s client is not found.',
  tags: ['mobile app'],
  roles: ['Clients.Manage'],
  parameters: { path: devicePath },
  responses: {
    '200': { description: 'The device, revoked', schema: deviceSchema },
    ...callerProblems,
    '404': problem('`client-not-found`, `device-not-found`'),
    '409': problem('`concurrent-update`: the device kept changing; try again'),
  },
};

export const appConfigRoute: RouteDoc = {
  method: 'get',
  path: '/app-config',
  operationId: 'getAppConfig',
  summary: 'The mobile app’s minimum and latest versions, and where to update it',
  description:
    'An app below `minimumAppVersion` is refused (426) on its calls; below `latestAppVersion` it may offer the ' +
    'update. From the settings; the same for everyone.',
  tags: ['mobile app'],
  responses: { '200': { description: 'The versions and store links', schema: appConfigSchema } },
};

export const deviceRoutes: RouteDoc[] = [
  activateDeviceRoute,
  currentDeviceRoute,
  myCompaniesRoute,
  revokeDeviceRoute,
  appConfigRoute,
];
