/**
 * `npm run invite -- <email> [--first … --last … --lang en --message … --company … --no-email] [--stack FILE]`:
 * invites a person through the running local stack as the dev professional (a delegated token from the local
 * Entra ID, through MSAL), then waits for the email in the local mailbox and prints where to read it and the
 * invitation link. Errors of the API (409 pending, 400 fields, …) are printed plainly and exit with code 1.
 */
import { parseArgs } from 'node:util';
import { isLocale, LOCALES } from '../shared/domain/locale.js';
import { fieldName } from '../shared/http/request.js';
import {
  devProfessionalToken,
  httpRequest,
  type LocalStack,
  mailboxFor,
  mailboxPageFor,
  messagePage,
  readStack,
  StackFileMissingError,
  UnreachableError,
} from './stack-client.js';

const USAGE = `Usage: npm run invite -- <email> [options]

Invites <email> as the dev professional through the running local stack (npm start), waits for the email and
prints the mailbox page and the invitation link.

Options:
  --first <name>      first name (default: from the email, e.g. willy.urs@… gives Willy)
  --last <name>       last name (default: from the email, e.g. willy.urs@… gives Urs)
  --lang <${LOCALES.join('|')}>      language of the email and pages (default: the API's, fr)
  --message <text>    a personal message shown in the email
  --company <name>    the client's company name, prefilled for them
  --no-email          send no email: print the link to deliver yourself
  --stack <file>      the stack file (default: .dev/stack.json)
  -h, --help          this help`;

const EMAIL_WAIT_MS = 15_000;
const FIELD_OPTIONS: Record<string, string> = {
  firstName: '--first',
  lastName: '--last',
  locale: '--lang',
  message: '--message',
  'company/name': '--company',
  email: '<email>',
};

class UsageError extends Error {}

interface Options {
  email: string;
  firstName: string;
  lastName: string;
  locale?: string;
  message?: string;
  company?: string;
  sendEmail: boolean;
  stackFile: string;
}

function capitalize(word: string): string {
  return word ? word[0]!.toUpperCase() + word.slice(1) : word;
}

/** willy.urs+test@example.com gives Willy / Urs; a single word gives <Word> / Test. */
function namesFromEmail(email: string): { firstName: string; lastName: string } {
  const local = (email.split('@')[0] ?? '').replace(/\+.*$/, '');
  const words = local.split(/[._-]+/).filter((w) => /[a-z]/i.test(w));
  return {
    firstName: capitalize(words[0] ?? 'Test'),
    lastName: words.length > 1 ? words.slice(1).map(capitalize).join(' ') : 'Test',
  };
}

const OPTIONS = {
  first: { type: 'string' },
  last: { type: 'string' },
  lang: { type: 'string' },
  message: { type: 'string' },
  company: { type: 'string' },
  'no-email': { type: 'boolean', default: false },
  stack: { type: 'string', default: '.dev/stack.json' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parseOptions(argv: string[]): Options | 'help' {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: typeof OPTIONS }>
  >;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('Give the email address to invite.');
  if (positionals.length > 1) throw new UsageError(`One email address only (got: ${positionals.join(' ')}).`);
  const email = positionals[0]!.trim();
  if (!email.includes('@')) throw new UsageError(`"${email}" is not an email address.`);
  if (values.lang !== undefined && !isLocale(values.lang)) {
    throw new UsageError(`--lang must be one of ${LOCALES.join(', ')} (got "${values.lang}").`);
  }
  for (const name of ['first', 'last', 'company', 'message', 'stack'] as const) {
    if (values[name] !== undefined && values[name].trim() === '') throw new UsageError(`--${name} must not be empty.`);
  }
  const derived = namesFromEmail(email);
  return {
    email,
    firstName: values.first ?? derived.firstName,
    lastName: values.last ?? derived.lastName,
    ...(values.lang === undefined ? {} : { locale: values.lang }),
    ...(values.message === undefined ? {} : { message: values.message }),
    ...(values.company === undefined ? {} : { company: values.company }),
    sendEmail: !values['no-email'],
    stackFile: values.stack,
  };
}

interface InvitationAnswer {
  id: string;
  status: string;
  email: string;
  firstName: string;
  lastName: string;
  locale: string;
  invitedBy: { name: string };
  expiresAt: string;
  delivery: { status: string; lastError?: string };
  acceptUrl?: string;
}

interface ProblemAnswer {
  status?: number;
  code?: string;
  title?: string;
  detail?: string;
  invitationId?: string;
  errors?: Array<{ pointer: string; detail: string }>;
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** The API's refusal, in a few plain lines. */
function describeProblem(status: number, problem: ProblemAnswer | undefined, email: string): string {
  const tag = `(${status}${problem?.code ? ` ${problem.code}` : ''})`;
  if (problem?.code === 'invitation-pending') {
    return [
      `A pending invitation already exists for ${email}: ${problem.invitationId ?? '(id not given)'} ${tag}`,
      '  Resend it (POST /api/invitations/{id}/resend) or revoke it before inviting again.',
    ].join('\n');
  }
  if (problem?.code === 'already-client') return `${email} is already a client ${tag}: ${problem.detail ?? ''}`.trim();
  const lines = [`The invitation was refused ${tag}: ${problem?.title ?? 'no details'}`];
  if (problem?.detail && problem.detail.replace(/\.$/, '') !== problem.title?.replace(/\.$/, ''))
    lines.push(`  ${problem.detail}`);
  for (const error of problem?.errors ?? []) {
    const field = error.pointer.replace(/^#\/?/, '');
    const option = FIELD_OPTIONS[field];
    // The API's sentence names its field ("firstName must be …", `namedProblem`): said once, before the colon.
    const named = fieldName(error.pointer);
    const detail = named && error.detail.startsWith(`${named} `) ? error.detail.slice(named.length + 1) : error.detail;
    lines.push(`  ${field || '(body)'}${option ? ` (${option})` : ''}: ${detail}`);
  }
  return lines.join('\n');
}

const INVITATION_LINK =
  /https?:\/\/[^\s"'<>]+\/api\/InviteUser\?invitationId=[0-9a-f-]{36}&(?:amp;)?key=[A-Za-z0-9_-]{43}/;

async function waitForEmail(stack: LocalStack, invitation: InvitationAnswer) {
  const started = Date.now();
  const marker = `invitationId=${invitation.id}`;
  for (;;) {
    const messages = await mailboxFor(stack, invitation.email);
    const found = messages.find((m) => m.kind === 'email' && (m.text.includes(marker) || m.html?.includes(marker)));
    if (found) return { message: found, seconds: (Date.now() - started) / 1000 };
    if (Date.now() - started > EMAIL_WAIT_MS) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function invite(options: Options): Promise<number> {
  const stack = await readStack(options.stackFile);
  const { info } = stack;
  let token: string;
  try {
    token = await devProfessionalToken(stack);
  } catch (error) {
    if (error instanceof UnreachableError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `No token from the local Entra ID (${info.entra.workforce.authority}): ${reason}\nIs the local stack running? Start it with npm start.\n`,
    );
    return 1;
  }
  const body = {
    email: options.email,
    firstName: options.firstName,
    lastName: options.lastName,
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.message ? { message: options.message } : {}),
    ...(options.company ? { company: { name: options.company } } : {}),
    sendEmail: options.sendEmail,
  };
  const answer = await httpRequest(`${info.functions.baseUrl}/InviteUser`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (answer.status !== 201) {
    process.stderr.write(`${describeProblem(answer.status, parseJson<ProblemAnswer>(answer.text), options.email)}\n`);
    return 1;
  }
  const invitation = parseJson<InvitationAnswer>(answer.text);
  if (!invitation?.id) {
    process.stderr.write(`The API answered 201 without an invitation: ${answer.text.slice(0, 200)}\n`);
    return 1;
  }
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`Invitation ${invitation.id}`);
  out(`  status      ${invitation.status} (email ${invitation.delivery.status})`);
  out(`  invitee     ${invitation.firstName} ${invitation.lastName} <${invitation.email}>, ${invitation.locale}`);
  out(`  invited by  ${invitation.invitedBy.name}`);
  out(`  expires     ${invitation.expiresAt}`);
  if (!options.sendEmail) {
    out('  email       not sent (--no-email): deliver the link yourself');
    out(`  link        ${invitation.acceptUrl ?? '(none returned)'}`);
    return 0;
  }
  const mailboxPage = mailboxPageFor(info, invitation.email);
  const delivered = await waitForEmail(stack, invitation);
  if (!delivered) {
    const current = await httpRequest(`${info.functions.baseUrl}/invitations/${invitation.id}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    }).catch(() => undefined);
    const delivery = current && parseJson<InvitationAnswer>(current.text)?.delivery;
    process.stderr.write(
      `No email for ${invitation.email} within ${EMAIL_WAIT_MS / 1000} s (delivery: ${delivery?.status ?? 'unknown'}${
        delivery?.lastError ? `, ${delivery.lastError}` : ''
      }).\n  Watch the mailbox: ${mailboxPage}\n`,
    );
    return 1;
  }
  const link =
    INVITATION_LINK.exec(delivered.message.text)?.[0] ?? INVITATION_LINK.exec(delivered.message.html ?? '')?.[0];
  out(`Email sent in ${delivered.seconds.toFixed(1)} s: "${delivered.message.subject ?? ''}"`);
  out(`  mailbox     ${mailboxPage}`);
  out(`  message     ${messagePage(info, delivered.message.id)}`);
  out(`  link        ${link ? link.replace(/&amp;/g, '&') : '(no invitation link found in the email)'}`);
  return 0;
}

async function main(): Promise<void> {
  let options: Options | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\nSee: npm run invite -- --help\n`);
    process.exitCode = 1;
    return;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  try {
    process.exitCode = await invite(options);
  } catch (error) {
    if (error instanceof StackFileMissingError) process.stderr.write(`${error.message}\n`);
    else if (error instanceof UnreachableError)
      process.stderr.write(`The local stack is not answering: ${error.message}. Start it with npm start.\n`);
    else process.stderr.write(`invite failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

await main();
