/** The request of `POST /api/clients/{id}/two-step/disable` (docs/two-step-help.md): an optional reason. */
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import './zod-messages.js';
import { TWO_STEP_REASON_MAX } from '../domain/use-cases/two-step-help.js';

/** Shown on the sheet and to nobody else: no control characters, no lone surrogates. */
const CONTROL_OR_LONE_SURROGATE = /[\p{Cc}\p{Cs}]/u;

export const twoStepDisableRequestSchema = z
  .object({
    reason: z
      .string()
      .trim()
      .max(TWO_STEP_REASON_MAX, `must be at most ${TWO_STEP_REASON_MAX} characters`)
      .refine((v) => !CONTROL_OR_LONE_SURROGATE.test(v), 'must not contain control characters')
      .optional()
      .describe('Why, for the provider\u2019s professionals (the sheet shows it; the client never sees it)'),
  })
  .strict()
  .meta({ id: 'TwoStepDisableRequest' });
