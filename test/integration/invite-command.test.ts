/**
 * `npm run invite`: the compiled command (dist/scripts/invite.js) against the integration stack, as a developer
 * runs it — without NODE_EXTRA_CA_CERTS, so it must trust the dev CA by itself — and what lands in the mailbox.
 */
import { describe, expect, it } from 'vitest';
import { printed, runScript, stackFileCopy } from '../support/commands.js';
import { getInvitation, linkIn, sleep } from '../support/invitations.js';
import { mailbox, stack, uniqueEmail, waitForMessage } from '../support/stack.js';

const stackFile = stackFileCopy('invite-command');

/** As a developer runs it: without NODE_EXTRA_CA_CERTS, so the command must trust the dev CA by itself. */
function invite(...args: string[]) {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return runScript('invite', args, env);
}

describe('npm run invite', () => {
  it('when a developer invites someone, then it prints the invitation, the mailbox page and the link of the email', async () => {
    const email = uniqueEmail('cli');
    const run = await invite(
      '--stack',
      stackFile(),
      email,
      '--first',
      'Willy',
      '--last',
      'Urs',
      '--lang',
      'en',
      '--message',
      'See you on Monday',
      '--company',
      'Urs SARL',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const id = /^Invitation ([0-9a-f-]{36})$/m.exec(run.stdout)?.[1];
    expect(id, run.stdout).toBeDefined();
    expect(printed(run, 'status')).toBe('pending (email queued)');
    expect(printed(run, 'invitee')).toBe(`Willy Urs <${email}>, en`);
    expect(printed(run, 'invited by')).toBe('Tamer Mohamed-Nour');
    expect(run.stdout).toMatch(/^Email sent in \d+\.\d s: ".+"$/m);

    const mailboxPage = new URL(stack().mailbox.url);
    mailboxPage.searchParams.set('to', email);
    expect(printed(run, 'mailbox')).toBe(mailboxPage.toString());

    const message = await waitForMessage(email);
    expect(printed(run, 'message')).toBe(new URL(`messages/${message.id}.html`, stack().mailbox.url).toString());
    expect(printed(run, 'link')).toBe(linkIn(message));
    expect(message.subject).toContain('Tamer Mohamed-Nour');
    expect(message.text).toContain('See you on Monday');

    const stored = await getInvitation(id!);
    expect(stored.body).toMatchObject({
      locale: 'en',
      company: { name: 'Urs SARL' },
      invitedBy: { name: 'Tamer Mohamed-Nour' },
    });
  });

  it('when the person already has a pending invitation, then it names that invitation and exits with 1', async () => {
    const email = uniqueEmail('cli-twice');
    const first = await invite('--stack', stackFile(), email, '--no-email');
    expect(first.code).toBe(0);
    const id = /^Invitation ([0-9a-f-]{36})$/m.exec(first.stdout)?.[1];

    const second = await invite('--stack', stackFile(), email);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain(`A pending invitation already exists for ${email}: ${id} (409 invitation-pending)`);
  });

  it('when the API refuses a field, then each field error is printed with its option and it exits with 1', async () => {
    const run = await invite('--stack', stackFile(), 'not-an-email@', '--first', 'x'.repeat(101));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('(400 validation-failed)');
    expect(run.stderr).toMatch(/^ {2}email \(<email>\): .+$/m);
    expect(run.stderr).toMatch(/^ {2}firstName \(--first\): must be at most 100 characters$/m);
  });

  it('when --no-email is given, then it prints the link to deliver and no email is sent', async () => {
    const email = uniqueEmail('cli-silent');
    const silent = await invite('--stack', stackFile(), email, '--no-email');
    expect(silent.code).toBe(0);
    expect(printed(silent, 'status')).toBe('pending (email not-requested)');
    const link = printed(silent, 'link');
    expect(link).toMatch(/\/api\/InviteUser\?invitationId=[0-9a-f-]{36}&key=[A-Za-z0-9_-]{43}$/);
    const page = await fetch(link!);
    expect(page.status).toBe(200);
    await sleep(1_500);
    expect(await mailbox(email)).toEqual([]);
  });

  it('when the stack file is missing, then it says in one line to start the stack, and exits with 1', async () => {
    const run = await invite('--stack', '.dev/test-integration/no-such-stack.json', uniqueEmail('cli'));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'Start the local stack first: npm start (.dev/test-integration/no-such-stack.json not found)\n',
    );
  });

  it('when an option is unknown or the email is missing, then it says so and exits with 1', async () => {
    const unknown = await invite('--stack', stackFile(), uniqueEmail('cli'), '--bogus');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Unknown option '--bogus'");
    const missing = await invite('--stack', stackFile());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Give the email address to invite.');
    const lang = await invite('--stack', stackFile(), uniqueEmail('cli'), '--lang', 'de');
    expect(lang.code).toBe(1);
    expect(lang.stderr).toContain('--lang must be one of fr, en (got "de").');
  });
});
