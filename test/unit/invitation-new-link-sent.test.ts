/**
 * "Send me a new link" is POST/redirect/GET (docs/invitations.md): the post sends the browser to
 * `GET /api/InviteUser/new-link?sent=1&lang=…`, whose page a reload shows again. That GET needs no link and no
 * dependency, so it reads and sends nothing, and its page names no one.
 */
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { newLinkSentHandler } from '../../functions/handlers/invitation-new-link-sent.js';
import { newLinkSentPath } from '../../shared/http/new-link-path.js';
import { createLogger } from '../../shared/log.js';

const get = (query: string, headers: Record<string, string> = {}) =>
  newLinkSentHandler(
    new azf.HttpRequest({ method: 'GET', url: `https://onboarding.test/api/InviteUser/new-link${query}`, headers }),
    new azf.InvocationContext({ invocationId: 'inv-1', functionName: 'InvitationNewLinkSent', logHandler: () => {} }),
    undefined,
    createLogger(() => {}),
  );

describe('the "check your inbox" page after a new link', () => {
  it('when the post sends the browser on, then to the same route with sent=1 and the language', () => {
    expect(newLinkSentPath('fr')).toBe('/api/InviteUser/new-link?sent=1&lang=fr');
    expect(newLinkSentPath('en')).toBe('/api/InviteUser/new-link?sent=1&lang=en');
  });

  it('when it is opened (or reloaded), then 200 "check your inbox" in its language, naming no one, with no form and no cookie', async () => {
    for (const [query, title] of [
      ['?sent=1&lang=fr', 'Consultez votre messagerie'],
      ['?sent=1&lang=en', 'Check your inbox'],
      ['?sent=1', 'Consultez votre messagerie'],
    ] as const) {
      const answer = await get(query);
      expect(answer.status, query).toBe(200);
      const body = String(answer.body);
      expect(body).toContain(`<h1>${title}</h1>`);
      expect(body).not.toMatch(/[\w.•-]+@[\w-]+\.|<form|invitationId/);
      expect(answer.cookies ?? []).toEqual([]);
    }
    expect(String((await get('?sent=1&lang=en')).body)).toContain(
      'If this invitation can still be renewed, a new link has been sent to the email address it was sent to.',
    );
  });

  it('when it is opened without sent=1, then the not-found page of the invitation link', async () => {
    const answer = await get('?lang=en');
    expect(answer.status).toBe(404);
    expect(String(answer.body)).toContain('This invitation link is not valid');
  });
});
