/** The request of `POST /api/clients/{id}/sign-in-email` (docs/profile.md "Sign-in email", proposed by a professional). */
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import './zod-messages.js';

export const signInEmailRequestSchema = z
  .object({
    email: z
      .string()
      .max(320)
      .describe('The address the client wants to sign in with (at most 64 characters once normalized)'),
  })
  .strict()
  .meta({ id: 'ProposeSignInEmailRequest' });
