/**
 * The schema of the invitation link's forms (`link-form.ts` reads them), on its own so the routes' descriptions
 * (shared/http/routes/) can name it without loading the pages and the session crypto the forms need.
 */
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import './zod-messages.js';
import { LOCALES } from '../domain/locale.js';

/** The link's form: the invitation id and key of the link, and the page's language. */
export const linkForm = z.object({
  invitationId: z.uuid(),
  key: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  lang: z.enum(LOCALES).optional(),
});

export type LinkForm = z.infer<typeof linkForm>;
