/**
 * Issue 9, defect 9, through the whole local stack: `POST /api/AcceptInvitation` records "opened" and asks Graph on
 * every click, so clicks are limited per invitation and per client address (the right-most `X-Forwarded-For`
 * entry, which the local host appends as App Service's front end does); beyond, a 429 page in French or English with
 * `Retry-After`. A client-written `X-Forwarded-For` does not move it to another bucket. Each test posts from its own
 * loopback address (127.0.0.x), so the other tests of the run (from 127.0.0.1) keep their own budget.
 *
 * The limits are fixed windows: a test that must stay inside one waits for the next window when fewer than 90 s of
 * the current one are left (a wait before the requests, never a timed assertion).
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { ACCEPT_LIMITS } from '../../shared/domain/use-cases/invitation-link.js';
import {
  getInvitation,
  heading,
  type InvitationJson,
  invitationFor,
  invite,
  linkFields,
  pageText,
  sleep,
} from '../support/invitations.js';
import { api, stack, uniqueEmail } from '../support/stack.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  html: string;
}

/** The landing page's form, posted as a browser on this machine would, from the loopback address `from`. */
function accept(fields: Record<string, string>, from: string, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(api('/AcceptInvitation'));
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: from,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          origin: new URL(stack().functions.baseUrl).origin,
          'sec-fetch-site': 'same-origin',
          ...headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            html: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function newInvitation(label: string): Promise<InvitationJson> {
  const answer = await invite(invitationFor(uniqueEmail(label), { sendEmail: false }));
  expect(answer.status, answer.text).toBe(201);
  return answer.body;
}

/**
 * The longest a case's requests take (61 invitations and 63 clicks under CI's load take well under 10 s): when the
 * window ends sooner, the case waits for the next one, so the requests that follow count in one window. Every second
 * here can be a second of CI (the per-address window is 10 minutes, so a run meets the wait 1 time in 20).
 */
const CASE_SECONDS = 30;

async function withinOneWindow(windowSeconds: number): Promise<void> {
  const windowMs = windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < CASE_SECONDS * 1000) await sleep(left + 1_000);
}

const opened = async (id: string) =>
  ((await getInvitation(id)).body.timeline ?? []).filter((e) => e.event === 'opened').length;

const PER_INVITATION = ACCEPT_LIMITS.perInvitation;
const PER_ADDRESS = ACCEPT_LIMITS.perAddress;

describe('"Accept" on the landing page is limited', () => {
  it(`when one link is posted ${PER_INVITATION.limit + 1} times, then the last is a 429 page with Retry-After, and the timeline holds ${PER_INVITATION.limit} "opened"`, async () => {
    await withinOneWindow(PER_INVITATION.windowSeconds);
    const invitation = await newInvitation('accept.limit');
    const fields = linkFields(invitation.acceptUrl!, 'en');
    for (let i = 0; i < PER_INVITATION.limit; i++) {
      const started = await accept(fields, '127.0.0.21');
      expect(started.status, started.html.slice(0, 300)).toBe(303);
    }
    const limited = await accept(fields, '127.0.0.22');
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toBe('text/html; charset=utf-8');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(PER_INVITATION.windowSeconds);
    expect(heading(limited.html)).toBe('Too many attempts');
    expect(pageText(limited.html)).toContain('with the same link: it is still valid');
    expect(limited.headers['set-cookie']).toBeUndefined();
    expect(await opened(invitation.id)).toBe(PER_INVITATION.limit);

    const french = await accept({ ...fields, lang: 'fr' }, '127.0.0.22');
    expect(french.status).toBe(429);
    expect(heading(french.html)).toBe('Trop de tentatives');
    expect(await opened(invitation.id)).toBe(PER_INVITATION.limit);
    const read = await getInvitation(invitation.id);
    expect(read.body.status).toBe('pending');
    expect(read.body.timelineTruncated).toBeUndefined();
  }, 180_000);

  it(`when ${PER_ADDRESS.limit} clicks came from one address, then the next is a 429 page, even with an X-Forwarded-For of the client's own; another address goes on`, async () => {
    await withinOneWindow(PER_ADDRESS.windowSeconds);
    const needed = Math.ceil(PER_ADDRESS.limit / PER_INVITATION.limit) + 1;
    const invitations = await Promise.all(Array.from({ length: needed }, (_, i) => newInvitation(`accept.from.${i}`)));
    for (let i = 0; i < PER_ADDRESS.limit; i++) {
      const invitation = invitations[Math.floor(i / PER_INVITATION.limit)]!;
      const started = await accept(linkFields(invitation.acceptUrl!, 'fr'), '127.0.0.31');
      expect(started.status, `click ${i + 1}: ${started.html.slice(0, 200)}`).toBe(303);
    }
    const fresh = invitations.at(-1)!;
    const limited = await accept(linkFields(fresh.acceptUrl!, 'fr'), '127.0.0.31');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(heading(limited.html)).toBe('Trop de tentatives');
    const spoofed = await accept(linkFields(fresh.acceptUrl!, 'fr'), '127.0.0.31', {
      'x-forwarded-for': '203.0.113.50',
    });
    expect(spoofed.status).toBe(429);
    expect(await opened(fresh.id)).toBe(0);

    const elsewhere = await accept(linkFields(fresh.acceptUrl!, 'fr'), '127.0.0.32');
    expect(elsewhere.status).toBe(303);
    expect(await opened(fresh.id)).toBe(1);
  }, 180_000);
});
