/** The request of block and unblock (`POST /api/clients/{id}/block|unblock`, docs/access.md): an optional reason. */
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import './zod-messages.js';

/** Shown on the sheet and to nobody else: no control characters, no lone surrogates. */
const CONTROL_OR_LONE_SURROGATE = /[\p{Cc}\p{Cs}]/u;
export const ACCESS_REASON_MAX = 500;

export const clientAccessRequestSchema = z
  .object({
    reason: z
      .string()
      .trim()
      .max(ACCESS_REASON_MAX, `must be at most ${ACCESS_REASON_MAX} characters`)
      .refine((v) => !CONTROL_OR_LONE_SURROGATE.test(v), 'must not contain control characters')
      .optional()
      .describe('Why, for the provider\u2019s professionals (the sheet shows it; the client never sees it)'),
  })
  .strict()
  .meta({ id: 'ClientAccessRequest' });

export type ClientAccessRequest = z.infer<typeof clientAccessRequestSchema>;
