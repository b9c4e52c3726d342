/**
 * The Table adapters of two-step verification on Azurite (docs/two-step.md, docs/two-step-help.md): the record's
 * writes are If-Match the row as read (a stale ETag writes nothing); the two-step switch turns off only a row whose
 * Status is 'on' (a 'pending' enrollment is left alone, even one that replaced the 'on' row after it was read),
 * deletes it and dates the change (a later instant kept), and two professionals turning it off at once turn it off
 * once; the roster keeps one row per professional.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tableProfessionalRoster } from '../../shared/adapters/table/professional-roster.js';
import { tableTwoStepSwitch } from '../../shared/adapters/table/two-step-switch.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { TwoStepRecord } from '../../shared/domain/ports.js';
import { stackDeps } from '../support/onboarding-store.js';
import { seedTwoStepOn, twoStepRows } from '../support/two-step.js';

const key = () => `client-tenant|${randomUUID()}`;

describe('the two-step record on Table Storage', () => {
  const record = (status: TwoStepRecord['status'], failures: number): TwoStepRecord => ({
    status,
    secret: 'JBSWY3DPEHPK3PXP',
    state: {
      recoveryHashes: ['h1'],
      failures: Array.from({ length: failures }, (_, i) => Date.UTC(2026, 11, 1, 12, i)),
    },
  });
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );

  it('when it is replaced or removed with a stale ETag, then concurrent-update and the row stays as the newer write left it', async () => {
    const store = stackDeps().twoStep.store;
    const k = key();
    const first = await store.create(k, record('pending', 0));
    const second = await store.replace(k, record('on', 0), first.etag);
    expect(second.etag).not.toBe(first.etag);

    const staleReplace = await refusal(store.replace(k, record('pending', 3), first.etag));
    expect(staleReplace).toBeInstanceOf(DomainError);
    expect((staleReplace as DomainError).code).toBe('concurrent-update');
    const staleRemove = await refusal(store.remove(k, first.etag));
    expect((staleRemove as DomainError).code).toBe('concurrent-update');
    expect(await store.read(k)).toEqual({ value: record('on', 0), etag: second.etag });

    await store.remove(k, second.etag);
    expect(await store.read(k)).toBeUndefined();
  });
});

describe('the two-step switch on Table Storage', () => {
  it('turns off an on row once, dates the change, and leaves a pending enrollment alone', async () => {
    const tables = stackDeps().tableFor;
    const twoStep = tableTwoStepSwitch(tables);
    const on = key();
    await seedTwoStepOn(on);
    expect(await twoStep.isOn(on)).toBe(true);
    const at = new Date(Date.UTC(2026, 11, 1, 12));
    const both = await Promise.all([twoStep.turnOff(on, at), twoStep.turnOff(on, at)]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect(await twoStep.isOn(on)).toBe(false);
    const rows = await twoStepRows(on);
    expect(rows.twoStep).toBeUndefined();
    expect(new Date(rows.changed?.At as string)).toEqual(at);

    const pending = key();
    const table = await tables('ClientAccounts');
    await table.createEntity({ partitionKey: pending, rowKey: 'two-step', Status: 'pending', Secret: 's', Data: '{}' });
    expect(await twoStep.isOn(pending)).toBe(false);
    expect(await twoStep.turnOff(pending, at)).toBe(false);
    expect((await twoStepRows(pending)).twoStep?.Status).toBe('pending');
    expect((await twoStepRows(pending)).changed).toBeUndefined();
    expect(await twoStep.turnOff(key(), at)).toBe(false);
  });

  it('when the client enrols again between the read and the delete, then the new enrollment is left alone', async () => {
    const tables = stackDeps().tableFor;
    const k = key();
    await seedTwoStepOn(k);
    const table = await tables('ClientAccounts');
    // The switch reads the row 'on'; before its delete, the client's new enrollment replaces the row.
    const real = table.getEntity.bind(table);
    let reads = 0;
    const racing = (async (...args: Parameters<typeof table.getEntity>) => {
      const row = await real(...args);
      if (reads++ === 0)
        await table.updateEntity(
          { partitionKey: k, rowKey: 'two-step', Status: 'pending', Secret: 's2', Data: '{}' },
          'Replace',
        );
      return row;
    }) as typeof table.getEntity;
    const twoStep = tableTwoStepSwitch(async (name) => {
      const t = await tables(name);
      return name === 'ClientAccounts' ? Object.assign(Object.create(t), { getEntity: racing }) : t;
    });
    expect(await twoStep.turnOff(k, new Date(Date.UTC(2026, 11, 1)))).toBe(false);
    const rows = await twoStepRows(k);
    expect(rows.twoStep).toMatchObject({ Status: 'pending', Secret: 's2' });
    expect(rows.changed).toBeUndefined();
  });

  it('keeps the latest change when an earlier one comes after', async () => {
    const twoStep = tableTwoStepSwitch(stackDeps().tableFor);
    const k = key();
    await seedTwoStepOn(k);
    const later = new Date(Date.UTC(2026, 11, 2));
    await twoStep.turnOff(k, later);
    await seedTwoStepOn(k);
    await twoStep.turnOff(k, new Date(Date.UTC(2026, 11, 1)));
    expect(new Date((await twoStepRows(k)).changed?.At as string)).toEqual(later);
  });
});

describe('the professional roster on Table Storage', () => {
  it('keeps one row per professional of a provider, the latest sign-in winning, and no other provider’s', async () => {
    const roster = tableProfessionalRoster(stackDeps().tableFor);
    const provider = `p-${randomUUID().slice(0, 8)}`;
    const base = {
      tenantId: 't',
      oid: 'o1',
      name: 'Ann',
      manages: false,
      locale: 'fr' as const,
      seenAt: new Date(1000),
    };
    await roster.record(provider, base);
    await roster.record(provider, {
      ...base,
      name: 'Ann B',
      email: 'ann@example.com',
      manages: true,
      seenAt: new Date(2000),
    });
    await roster.record(`${provider}-other`, { ...base, oid: 'o2' });
    expect(await roster.list(provider)).toEqual([
      {
        tenantId: 't',
        oid: 'o1',
        name: 'Ann B',
        email: 'ann@example.com',
        manages: true,
        locale: 'fr',
        seenAt: new Date(2000),
      },
    ]);
  });
});
