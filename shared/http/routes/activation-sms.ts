/** The OpenAPI description of `POST /api/SendActivationSms` (professionals and the mobile app). */
import { z } from 'zod';
import {
  activationSmsAcceptedSchema,
  activationSmsSentSchema,
  appSmsRequestSchema,
  professionalSmsRequestSchema,
} from '../activation-sms-schema.js';
import { appVersionHeader } from '../device-schema.js';
import { callerProblems, problem, type RouteDoc, retryAfter } from '../openapi.js';

export const sendActivationSmsRoute: RouteDoc = {
  method: 'post',
  path: '/SendActivationSms',
  operationId: 'sendActivationSms',
  summary: 'A new activation code by SMS to the number on the client file; the old code stops working',
  description:
    'Two callers. **A professional** (bearer token with `Clients.Manage`) sends `{ clientId }`: `202` with the masked ' +
    'number and the expiry; `404` when the file is not their provider’s; `409` `app-not-offered` (the app is not ' +
    'offered, or past its usable-until date) or `no-phone`; `422` `phone-not-allowed` (not a mobile, or its country ' +
    'is outside the allow-list); `429` with `Retry-After` (1 a minute and 5 a day per phone; 5 a day per client, 50 ' +
    'per professional, 500 per provider); `503` `sms-budget-exhausted` when the service’s daily budget is spent. ' +
    'Their send also lifts an activation lock. **The mobile app** (no `Authorization` header) sends ' +
    '`{ identificationCode }` and always gets `202 { status: "accepted" }` with the same headers, whatever the code, ' +
    'the number or the limits; an SMS goes out only when everything allows it. An invalid bearer token is `401`. ' +
    'The SMS is sent by the `sms-outbox` queue, once; its delivery shows on the client sheet.',
  tags: ['clients'],
  roles: ['Clients.Manage'],
  anonymousToo: true,
  parameters: {
    header: z
      .object({
        'Idempotency-Key': z
          .string()
          .optional()
          .describe(
            'Professionals only: 1 to 255 visible ASCII characters; a replay within 24 h gets the first answer',
          ),
      })
      .extend(appVersionHeader.shape),
  },
  request: {
    contentType: 'application/json',
    schema: z.union([professionalSmsRequestSchema, appSmsRequestSchema]),
  },
  responses: {
    '202': {
      description: 'Professional: the SMS is queued (`ActivationSmsSent`). App: always `ActivationSmsAccepted`',
      schema: z.union([activationSmsSentSchema, activationSmsAcceptedSchema]),
    },
    '400': problem('Invalid fields or malformed JSON; app: `invalid-app-version`'),
    ...callerProblems,
    '404': problem('Professional: no such client file for this provider'),
    '409': problem('Professional: `app-not-offered`, `no-phone`, or a request with this Idempotency-Key still runs'),
    '413': problem('Body too large'),
    '415': problem('Not JSON'),
    '422': problem('Professional: `phone-not-allowed`, or an Idempotency-Key reused for another request'),
    '426': problem(
      'App: `update-required`, `X-App-Version` is below the minimum (`minimumAppVersion`, `latestAppVersion`, `storeUrls`)',
    ),
    '429': { ...problem('Professional: an SMS limit is reached'), headers: { 'Retry-After': retryAfter } },
    '503': {
      ...problem('Professional: `sms-budget-exhausted`, the service’s daily SMS budget is spent'),
      headers: { 'Retry-After': retryAfter },
    },
  },
};
