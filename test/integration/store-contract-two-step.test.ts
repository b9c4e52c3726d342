/**
 * The Table adapters of "No access to the app" on Azurite (docs/two-step-help.md): the two-step switch turns off only
 * a row whose Status is 'on' (a 'pending' enrollment is left alone), deletes it and dates the change (a later instant
 * kept), and two professionals turning it off at once turn it off once; the roster keeps one row per professional.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tableProfessionalRoster } from '../../shared/adapters/table/professional-roster.js';
import { tableTwoStepSwitch } from '../../shared/adapters/table/two-step-switch.js';
import { stackDeps } from '../support/onboarding-store.js';
import { seedTwoStepOn, twoStepRows } from '../support/two-step.js';

const key = () => `client-tenant|${randomUUID()}`;

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
