/**
 * `POST /api/ResetPassword/temporary`: a professional names the client (`{ clientId }`, bearer token with
 * Clients.Manage) and gets the password once. Never an address or a password in the request: the account is the
 * file's, the password the service's.
 */
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import './zod-messages.js';

export const temporaryPasswordRequestSchema = z
  .strictObject({
    clientId: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  })
  .meta({ id: 'TemporaryPasswordRequest' });

export const temporaryPasswordSchema = z
  .object({
    temporaryPassword: z
      .string()
      .describe('16 characters; shown once: the service keeps no copy, and the client must change it at sign-in'),
    mustChangeAtNextSignIn: z.literal(true),
  })
  .meta({ id: 'TemporaryPassword' });
