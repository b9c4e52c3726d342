/** The request of `POST /api/clients/{id}/merge` (docs/merge.md): which file of the provider absorbs this one. */
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import './zod-messages.js';

export const mergeRequestSchema = z
  .object({
    into: z
      .uuid('must be a client id (a UUID)')
      .describe('The survivor: the client file of the provider that keeps both histories'),
  })
  .strict()
  .meta({ id: 'MergeClientRequest' });

export type MergeRequest = z.infer<typeof mergeRequestSchema>;
