/**
 * The whole onboarding journey over HTTP, without a browser, for the storage-operations count: invite (the dev
 * professional's token) → the email in the mailbox → open the link → "Accept" → the local Entra's sign-in and
 * consent (an account made through Graph beforehand: CAS 1) → the callback → Create Company (GET, then POST of the
 * prefilled form) → the welcome page. Each step is marked with its start time, so the caller can attribute the
 * storage operations it counted between marks.
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { type LocalStack, localDirectoryAdminApp, mailboxFor } from '../scripts/stack-client.js';
import { sleep } from './measure.js';

export const JOURNEY_STEPS = ['invite', 'email', 'open', 'accept', 'sign-in', 'callback', 'create company'] as const;
export type JourneyStep = (typeof JOURNEY_STEPS)[number];

interface Answer {
  status: number;
  location?: string;
  setCookies: string[];
  body: string;
}

/** One request with the dev CA trusted, raw Set-Cookie lines kept, redirects not followed. */
function send(
  url: string,
  ca: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<Answer> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const headers: Record<string, string | number> = { ...init.headers };
  if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(
      target,
      {
        method: init.method ?? 'GET',
        headers,
        agent: false,
        ...(init.localAddress ? { localAddress: init.localAddress } : {}),
        ...(secure ? { ca: [...tls.rootCertificates, ca] } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            ...(response.headers.location ? { location: new URL(response.headers.location, url).toString() } : {}),
            setCookies: response.headers['set-cookie'] ?? [],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.setTimeout(30_000, () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end(init.body);
  });
}

/** Cookies per origin, as a browser keeps them; the person's own address when they reach the service. */
class Visitor {
  private readonly jars = new Map<string, Map<string, string>>();
  constructor(
    private readonly ca: string,
    private readonly serviceOrigin: string,
    private readonly address?: string,
  ) {}

  async go(url: string, form?: Record<string, string>): Promise<Answer> {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    const headers: Record<string, string> = {};
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      if (origin === this.serviceOrigin) Object.assign(headers, { origin, 'sec-fetch-site': 'same-origin' });
    }
    const answer = await send(url, this.ca, {
      method: form ? 'POST' : 'GET',
      headers,
      ...(this.address && origin === this.serviceOrigin ? { localAddress: this.address } : {}),
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const line of answer.setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a))) jar.delete(name);
      else jar.set(name, value);
    }
    return answer;
  }
}

const decode = (text: string) =>
  text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function field(html: string, name: string): string | undefined {
  return new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1];
}

/** The Create Company form as the page shows it (what a click on the button posts). */
function companyForm(html: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="(?:text|tel|hidden)" [^>]*?name="([^"]+)"[^>]*?value="([^"]*)"/g)) {
    values[m[1]!] = decode(m[2]!);
  }
  const country = /<select [^>]*name="country"[^>]*>[\s\S]*?<option value="([^"]*)" selected>/.exec(html)?.[1];
  if (country !== undefined) values.country = country;
  return values;
}

function expectStatus(answer: Answer, status: number, what: string): void {
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
}

/** An account in the client tenant (CAS 1), made through the local Graph before the journey. */
export async function createClientAccount(local: LocalStack, email: string, password: string): Promise<void> {
  const { external } = local.info.entra;
  const token = await localDirectoryAdminApp(local).acquireTokenByClientCredential({
    scopes: ['https://graph.microsoft.com/.default'],
  });
  const answer = await send(`${external.graphUrl}/users`, local.ca, {
    method: 'POST',
    headers: { authorization: `Bearer ${token?.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      displayName: 'Bench Client',
      mail: email,
      accountEnabled: true,
      identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: email }],
      passwordProfile: { password, forceChangePasswordNextSignIn: false },
    }),
  });
  expectStatus(answer, 201, 'Graph user creation');
}

/**
 * Runs one journey; `mark` is called at the start of each step. `who.address` is the loopback address the person's
 * browser connects from (127.0.0.0/8): people are at addresses of their own, and the service counts Accept clicks
 * per address.
 */
export async function onboardingJourney(
  local: LocalStack,
  apiToken: string,
  who: { email: string; password: string; address?: string },
  mark: (step: JourneyStep) => void,
): Promise<void> {
  const base = local.info.functions.baseUrl;
  const visitor = new Visitor(local.ca, new URL(base).origin, who.address);
  mark('invite');
  const invited = await send(`${base}/InviteUser`, local.ca, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      email: who.email,
      firstName: 'Bench',
      lastName: 'Client',
      locale: 'en',
      company: {
        name: 'Bench SARL',
        address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
      },
    }),
  });
  expectStatus(invited, 201, 'InviteUser');
  mark('email');
  let link: string | undefined;
  for (const deadline = Date.now() + 15_000; !link && Date.now() < deadline; ) {
    const [message] = await mailboxFor(local, who.email);
    link = message
      ? /https?:\/\/\S+\/api\/InviteUser\?invitationId=[0-9a-f-]+&key=[A-Za-z0-9_-]+/.exec(message.text)?.[0]
      : undefined;
    if (!link) await sleep(25);
  }
  if (!link) throw new Error('the invitation email did not arrive within 15 s');
  mark('open');
  expectStatus(await visitor.go(link), 200, 'the landing page');
  mark('accept');
  const url = new URL(link);
  const started = await visitor.go(`${base}/AcceptInvitation`, {
    invitationId: url.searchParams.get('invitationId')!,
    key: url.searchParams.get('key')!,
    lang: 'en',
  });
  expectStatus(started, 303, 'AcceptInvitation');
  mark('sign-in');
  let answer = await visitor.go(started.location!);
  let callback: string | undefined;
  for (let step = 0; step < 8 && !callback; step++) {
    if (answer.status === 302 || answer.status === 303) {
      if (answer.location!.startsWith(base)) callback = answer.location!;
      else answer = await visitor.go(answer.location!);
      continue;
    }
    expectStatus(answer, 200, 'the local Entra');
    const action = new URL(
      /<form method="post" action="([^"]+)"/.exec(answer.body)?.[1] ?? '',
      started.location!,
    ).toString();
    const tx = field(answer.body, 'tx') ?? '';
    const csrf = field(answer.body, 'csrf') ?? '';
    answer = /name="password"/.test(answer.body)
      ? await visitor.go(action, { tx, csrf, email: who.email, password: who.password })
      : await visitor.go(action, { tx, csrf, decision: 'yes' });
  }
  if (!callback) throw new Error('the sign-in never came back to the service');
  mark('callback');
  const accepted = await visitor.go(callback);
  expectStatus(accepted, 303, 'the callback');
  mark('create company');
  const form = await visitor.go(`${base}/CreateCompany`);
  expectStatus(form, 200, 'Create Company (GET)');
  const created = await visitor.go(`${base}/CreateCompany`, companyForm(form.body));
  expectStatus(created, 303, 'Create Company (POST)');
}
