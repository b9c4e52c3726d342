/**
 * `POST /api/SendActivationSms`: a professional names the client (`{ clientId }`, bearer token with Clients.Manage);
 * the mobile app names itself by its identification code (`{ identificationCode }`, no Authorization header). Never a
 * phone number: the SMS goes to the number on the client file.
 */
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import './zod-messages.js';

export const professionalSmsRequestSchema = z
  .strictObject({
    clientId: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  })
  .meta({ id: 'SendActivationSmsRequest' });

export const appSmsRequestSchema = z
  .strictObject({
    identificationCode: z
      .string({
        error: (issue) =>
          issue.input === undefined ? undefined : 'must be a string: the 8-character code of the client sheet',
      })
      .trim()
      .min(1, 'must not be empty')
      .max(32, 'must be at most 32 characters')
      .describe('The identification code shown on the client sheet (8 characters; case and spaces forgiven)'),
  })
  .meta({ id: 'SendActivationSmsFromAppRequest' });

export const activationSmsSentSchema = z
  .object({
    sentTo: z.string().describe('The number on the client file, masked: `+33 6 •• •• •• 34`'),
    expiresAt: z.iso.datetime().describe('When the code stops working (10 minutes after it was issued)'),
  })
  .meta({ id: 'ActivationSmsSent' });

export const activationSmsAcceptedSchema = z
  .object({ status: z.literal('accepted') })
  .meta({ id: 'ActivationSmsAccepted' });
