/**
 * `npm run queues -- counts | replay <queue>`: the app's queues and their poison queues (docs/runbook.md, "Replaying
 * a poison queue"). `replay` moves the messages of `<queue>-poison` back to `<queue>`, verbatim, each sent to the
 * queue before it is deleted from the poison queue (a stop between the two leaves it in both: the dispatchers send
 * each item once, so running it again is harmless), against the local stack or, with `--azure`, the deployed account.
 */

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { TokenCredential } from '@azure/core-auth';
import type { QueueServiceClient } from '@azure/storage-queue';
import { WHERE_OPTIONS } from './provider-options.js';
import { processSurroundings, type Surroundings } from './provider-storage.js';
import { type Output, runStorageCommand, type StorageCommand, UsageError, whereOf } from './storage-target.js';

/** The app's queues (infra/modules/storage.bicep declares them with their poison queues). */
export const APP_QUEUES = ['outbox', 'invitation-batches', 'sms-outbox', 'account-emails', 'reset-requests'] as const;

export const USAGE = `Usage:
  npm run queues -- counts
  npm run queues -- replay <queue> [--max <n>]

counts: the approximate number of messages in each queue of the app and in its poison queue.
replay: moves the messages of <queue>-poison back to <queue> (${APP_QUEUES.join(', ')}), as they are,
        at most --max of them (default: all). Fix what made them fail first: a message that fails 5 times
        again goes back to the poison queue.

Where:
  --stack <file>      the local stack's file (default: .dev/stack.json)
  --azure             the deployed storage account, with your Entra identity (role: Storage Queue Data
                      Contributor on the account)
  --account <name>    the storage account (default: AZURE_STORAGE_ACCOUNT_NAME, then the azd environment)
  --env <name>        the azd environment (default: AZURE_ENV_NAME, then azd's default environment)
  -h, --help          this help

Exit codes: 0 done, 1 failed (storage), 2 bad usage.`;

/** Messages received per call (Get Messages returns at most 32) and how long they stay hidden while moved. */
const BATCH = 32;
const HIDDEN_SECONDS = 120;

/** Moves up to `max` messages from `poison` to `queue`; resolves to how many moved. */
export async function replayPoison(
  service: QueueServiceClient,
  queue: string,
  poison: string,
  max = Number.POSITIVE_INFINITY,
): Promise<number> {
  const from = service.getQueueClient(poison);
  const to = service.getQueueClient(queue);
  if (!(await from.exists())) return 0;
  await to.createIfNotExists();
  let moved = 0;
  while (moved < max) {
    const { receivedMessageItems: messages } = await from.receiveMessages({
      numberOfMessages: Math.min(BATCH, max - moved),
      visibilityTimeout: HIDDEN_SECONDS,
    });
    if (messages.length === 0) break;
    for (const message of messages) {
      await to.sendMessage(message.messageText, { messageTimeToLive: -1 });
      await from.deleteMessage(message.messageId, message.popReceipt);
      moved++;
    }
  }
  return moved;
}

async function count(service: QueueServiceClient, name: string): Promise<number | undefined> {
  const client = service.getQueueClient(name);
  if (!(await client.exists())) return undefined;
  return (await client.getProperties()).approximateMessagesCount ?? 0;
}

const OPTIONS = {
  max: { type: 'string' },
  ...WHERE_OPTIONS,
} as const;

export type QueuesCommand =
  | { action: 'help' }
  | { action: 'counts'; where: ReturnType<typeof whereOf> }
  | { action: 'replay'; where: ReturnType<typeof whereOf>; queue: string; max?: number };

export function parseQueuesCommand(argv: string[]): QueuesCommand {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [action, ...rest] = positionals;
  if (values.help || action === 'help') return { action: 'help' };
  if (!action) throw new UsageError('Say what to do: counts or replay.');
  const where = whereOf(values);
  if (action === 'counts') {
    if (rest.length || values.max !== undefined) throw new UsageError('counts takes no arguments.');
    return { action, where };
  }
  if (action === 'replay') {
    const queue = rest[0]?.replace(/-poison$/, '');
    if (rest.length !== 1 || !queue) throw new UsageError(`replay takes one queue: ${APP_QUEUES.join(', ')}.`);
    if (!(APP_QUEUES as readonly string[]).includes(queue)) {
      throw new UsageError(`"${rest[0]}" is no queue of the app: ${APP_QUEUES.join(', ')}.`);
    }
    let max: number | undefined;
    if (values.max !== undefined) {
      max = Number(values.max);
      if (!Number.isInteger(max) || max < 1)
        throw new UsageError(`--max must be a whole number ≥ 1, not "${values.max}".`);
    }
    return { action, where, queue, ...(max !== undefined ? { max } : {}) };
  }
  throw new UsageError(`Unknown command "${action}": counts or replay.`);
}

export type { Output } from './storage-target.js';

const QUEUES_COMMAND: StorageCommand<Exclude<QueuesCommand, { action: 'help' }>> = {
  name: 'queues',
  usage: USAGE,
  roles: 'Storage Queue Data Contributor',
  parse: parseQueuesCommand,
  async run(command, target, io) {
    if (command.action === 'counts') {
      io.out('QUEUE                 MESSAGES  POISON');
      for (const queue of APP_QUEUES) {
        const [main, poison] = await Promise.all([
          count(target.queues, queue),
          count(target.queues, `${queue}-poison`),
        ]);
        io.out(`${queue.padEnd(20)}  ${String(main ?? '-').padStart(8)}  ${String(poison ?? '-').padStart(6)}`);
      }
      return 0;
    }
    const moved = await replayPoison(target.queues, command.queue, `${command.queue}-poison`, command.max);
    io.out(
      `${moved} message${moved === 1 ? '' : 's'} moved from ${command.queue}-poison to ${command.queue} in ${target.description}.`,
    );
    return 0;
  },
};

export function runQueuesCommand(
  argv: string[],
  io: Output,
  around: Surroundings = processSurroundings(),
  credential?: TokenCredential,
): Promise<number> {
  return runStorageCommand(QUEUES_COMMAND, argv, io, around, credential);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runQueuesCommand(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
