/**
 * Forgot password (`POST /api/ResetPassword`, `GET /api/ResetPassword?token=`, `POST /api/ResetPassword/confirm`):
 * the request's address (JSON or form), the link's token, the new-password form. Nothing here says whether an address
 * has an account: the answer to a well-formed request is always the same 202.
 */
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import './zod-messages.js';
import { LOCALES } from '../domain/locale.js';
import { PASSWORD_MAX_LENGTH } from '../domain/password-rules.js';
import { emailField } from './invitation-schema.js';

export const resetRequestSchema = z
  .strictObject({ email: emailField.describe('The address the account signs in with') })
  .meta({ id: 'ResetPasswordRequest' });

export const resetRequestFormSchema = z.object({
  email: emailField.describe('The address the account signs in with'),
  lang: z.enum(LOCALES).optional(),
});

export const resetAcceptedSchema = z
  .strictObject({ status: z.literal('accepted') })
  .meta({ id: 'ResetPasswordAccepted' });

/** The link's token: 32 random bytes, base64url (43 characters). */
export const resetTokenField = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the link’s token');

export const resetLinkQuery = z.object({
  token: resetTokenField.optional(),
  lang: z.enum(LOCALES).optional(),
});

export const resetConfirmFormSchema = z.object({
  token: z.string().max(100),
  password: z.string().max(PASSWORD_MAX_LENGTH + 1),
  confirmation: z
    .string()
    .max(PASSWORD_MAX_LENGTH + 1)
    .optional(),
  lang: z.enum(LOCALES).optional(),
});
