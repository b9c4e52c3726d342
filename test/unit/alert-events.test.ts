/**
 * The events the alerts of infra/modules/alerts.bicep read, as the app emits them: `queues.poison.waiting` from
 * WatchPoisonQueues (only when a poison queue holds a message), `sms-budget-reached` once at 80 % and once at 100 % of
 * the daily SMS budget (on every path that sends one), and the dependency a 503 `dependency-unavailable` names, so
 * Graph failures can be told from storage's.
 */
import path from 'node:path';
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { decide, loadDataPlanePolicy } from '../../dev/storage-permissions.js';
import { sendActivationSmsHandler } from '../../functions/handlers/send-activation-sms.js';
import { watchPoisonQueuesHandler } from '../../functions/handlers/watch-poison-queues.js';
import { POISON_QUEUES } from '../../shared/adapters/queue/poison-queues.js';
import { smsBudgetReached } from '../../shared/domain/activation-sms.js';
import { DomainError } from '../../shared/domain/errors.js';
import { sendActivationSms, sendActivationSmsFromApp } from '../../shared/domain/use-cases/send-activation-sms.js';
import { edge, errorResponse } from '../../shared/http/handler.js';
import { createLogger } from '../../shared/log.js';
import { FakePoisonQueues, professionalUser } from '../support/fakes.js';
import { clientFile, sendActivationSmsEdgeDeps, smsWorld } from '../support/sms-fakes.js';

type Line = Record<string, unknown>;

function context(functionName: string, lines: Line[]) {
  return new azf.InvocationContext({
    invocationId: 'inv-alerts',
    functionName,
    logHandler: (_level, ...args) => lines.push(JSON.parse(args.map(String).join(' ')) as Line),
  });
}

describe('WatchPoisonQueues', () => {
  it('watches the poison queue of every queue trigger', () => {
    expect([...POISON_QUEUES].sort()).toEqual([
      'account-emails-poison',
      'invitation-batches-poison',
      'outbox-poison',
      'reset-requests-poison',
      'sms-outbox-poison',
    ]);
  });

  it("when it reads a poison queue's count, then the identity's roles grant the call (Get Queue Metadata)", async () => {
    const { policy, roles } = await loadDataPlanePolicy(path.resolve(import.meta.dirname, '../..'));
    for (const queue of POISON_QUEUES) {
      const read = { method: 'GET', url: `/devstoreaccount1/${queue}?comp=metadata`, headers: {}, body: '' };
      expect(decide('queue', policy, roles, read)).toEqual({ allowed: true, operations: ['Get Queue Metadata'] });
    }
    // The stand-in refuses what the roles do not grant: the account-wide queue service properties.
    const service = { method: 'GET', url: '/devstoreaccount1/?restype=service&comp=properties', headers: {}, body: '' };
    expect(decide('queue', policy, roles, service).allowed).toBe(false);
  });

  it('when every poison queue is empty, then it logs nothing', async () => {
    const lines: Line[] = [];
    await watchPoisonQueuesHandler({}, context('WatchPoisonQueues', lines), {
      poisonQueues: new FakePoisonQueues(POISON_QUEUES),
    });
    expect(lines).toEqual([]);
  });

  it('when messages wait in poison queues, then one queues.poison.waiting line has the total and each count', async () => {
    const queues = new FakePoisonQueues(POISON_QUEUES);
    queues.park('outbox-poison', { invitationId: 'a' });
    queues.park('outbox-poison', { invitationId: 'b' });
    queues.park('sms-outbox-poison', { smsId: 'c' });
    const lines: Line[] = [];
    await watchPoisonQueuesHandler({}, context('WatchPoisonQueues', lines), { poisonQueues: queues });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      event: 'queues.poison.waiting',
      level: 'warn',
      total: 3,
      counts: {
        'outbox-poison': 2,
        'invitation-batches-poison': 0,
        'sms-outbox-poison': 1,
        'account-emails-poison': 0,
        'reset-requests-poison': 0,
      },
    });
  });
});

describe('the daily SMS budget at 80 % and 100 %', () => {
  it('when the day counts the SMS at 80 % of the budget, then 80; at the budget, 100; else nothing', () => {
    expect([1, 2, 3, 4, 5].map((used) => smsBudgetReached(used, 5))).toEqual([
      undefined,
      undefined,
      undefined,
      80,
      100,
    ]);
    expect(smsBudgetReached(1600, 2000)).toBe(80);
    expect(smsBudgetReached(1601, 2000)).toBeUndefined();
    expect(smsBudgetReached(2000, 2000)).toBe(100);
    // A budget of one: its only SMS spends it all.
    expect(smsBudgetReached(1, 1)).toBe(100);
    expect(smsBudgetReached(undefined, 5)).toBeUndefined();
  });

  const codes = ['BBBBBBBB', 'CCCCCCCC', 'DDDDDDDD', 'EEEEEEEE', 'FFFFFFFF', 'GGGGGGGG'];
  const phones = ['+33698765401', '+33698765402', '+33698765403', '+33698765404', '+33698765405', '+33698765406'];

  async function fiveAndOne() {
    const w = smsWorld();
    w.send.smsDailyBudget = 5;
    const files = [];
    for (const [i, code] of codes.entries()) {
      files.push(await w.put(clientFile({ id: `c-${i}`, phone: phones[i], identificationCode: code })));
    }
    return { w, ids: files.map((f) => f.value.id) };
  }

  it('when SMS spend a budget of 5, then the 4th says 80 %, the 5th 100 %, no other, and the 6th is refused', async () => {
    const { w, ids } = await fiveAndOne();
    const reached = [];
    for (const id of ids.slice(0, 5))
      reached.push((await sendActivationSms(w.send, professionalUser, id)).budgetReached);
    expect(reached).toEqual([undefined, undefined, undefined, 80, 100]);
    await expect(sendActivationSms(w.send, professionalUser, ids[5] as string)).rejects.toMatchObject({
      code: 'sms-budget-exhausted',
    });
  });

  it('when the app asks, then its queued outcome says the same', async () => {
    const { w } = await fiveAndOne();
    const reached = [];
    for (const code of codes.slice(0, 5)) {
      const outcome = await sendActivationSmsFromApp(w.send, code);
      reached.push(outcome.kind === 'queued' ? outcome.budgetReached : outcome.reason);
    }
    expect(reached).toEqual([undefined, undefined, undefined, 80, 100]);
  });

  function smsFunction() {
    const w = smsWorld();
    w.send.smsDailyBudget = 5;
    const deps = sendActivationSmsEdgeDeps(w);
    const lines: Line[] = [];
    const call = (body: unknown, headers: Record<string, string> = {}) =>
      edge(sendActivationSmsHandler, () => deps)(
        new azf.HttpRequest({
          method: 'POST',
          url: 'http://localhost/api/SendActivationSms',
          headers: { 'content-type': 'application/json', ...headers },
          body: { string: JSON.stringify(body) },
        }),
        context('SendActivationSms', lines),
      );
    return { w, call, lines };
  }

  const budgetLines = (lines: Line[]) =>
    lines.filter((l) => l.event === 'sms-budget-reached').map((l) => [l.level, l.percent, l.budget, l.path]);

  it('when the app and a professional spend it through SendActivationSms, then one line at 80 % and one at 100 %', async () => {
    const { w, call, lines } = smsFunction();
    for (const [i, code] of codes.entries()) {
      await w.put(clientFile({ id: `c-${i}`, phone: phones[i], identificationCode: code }));
    }
    for (const code of codes.slice(0, 3)) await call({ identificationCode: code });
    expect(budgetLines(lines)).toEqual([]);
    await call({ identificationCode: codes[3] });
    await call({ clientId: 'c-4' }, { authorization: 'Bearer good' });
    expect(budgetLines(lines)).toEqual([
      ['warn', 80, 5, 'app'],
      ['error', 100, 5, 'professional'],
    ]);
    await call({ identificationCode: codes[5] });
    expect(budgetLines(lines)).toHaveLength(2);
    expect(lines.some((l) => l.event === 'sms-budget-exhausted')).toBe(true);
  });
});

describe('a dependency that cannot be reached', () => {
  function refusalLine(error: DomainError): Line | undefined {
    const lines: Line[] = [];
    const log = createLogger((_level, line) => lines.push(JSON.parse(line) as Line));
    errorResponse(error, context('T', []), log);
    return lines.find((l) => l.event === 'request.refused');
  }

  it('when Graph is down, then the refusal line names graph (alert-entra-graph-failures); storage names storage', () => {
    const graph = new DomainError('dependency-unavailable', 'The directory cannot be reached.', {
      retryAfterSeconds: 30,
      dependency: 'graph',
    });
    expect(refusalLine(graph)).toMatchObject({ code: 'dependency-unavailable', status: 503, dependency: 'graph' });
    const tables = new DomainError('dependency-unavailable', 'Storage is not available.', {
      retryAfterSeconds: 5,
      dependency: 'storage',
    });
    expect(refusalLine(tables)).toMatchObject({ dependency: 'storage' });
    // Entra ID's token and key endpoints name none: the alert counts every dependency but storage.
    const entra = new DomainError('dependency-unavailable', 'The identity provider cannot be reached.', {
      retryAfterSeconds: 30,
    });
    expect(refusalLine(entra)).not.toHaveProperty('dependency');
  });
});
