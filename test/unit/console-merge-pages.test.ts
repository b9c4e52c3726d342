/**
 * The console's merge pages (docs/merge.md), rendered by their own functions: the sheet's "Merge" link (none on a
 * merged file) and "Merged into", the pick page (the file itself never offered), the confirmation stating what happens
 * with its CSRF form and each refusal's words, and the page after it — in French and in English, the same keys.
 */
import { describe, expect, it } from 'vitest';
import { renderClientSheet } from '../../shared/web/console-clients-pages.js';
import { mergeAction, mergedIntoFact } from '../../shared/web/console-merge-action.js';
import { renderMergeConfirm, renderMergeDone, renderMergePick } from '../../shared/web/console-merge-pages.js';
import type { ConsoleFrame } from '../../shared/web/console-pages.js';
import { en } from '../../shared/web/messages/console-merge.en.js';
import { fr } from '../../shared/web/messages/console-merge.fr.js';
import { CLIENT_ID, longClientFile, longSheetView, searchResults } from '../support/console-clients-views.js';

const frame = (locale: 'fr' | 'en') =>
  ({
    locale,
    professionalName: 'Tamer Mohamed-Nour',
    providerName: 'GFMS',
    roles: ['Clients.Manage'],
    csrf: 'the-csrf-token',
    current: 'clients',
    here: '/api/console/clients',
  }) satisfies ConsoleFrame;

const SURVIVOR_ID = '5a000000-0000-4000-8000-000000000001';
const absorbed = () => longClientFile();
const survivor = () => ({ ...longClientFile(), id: SURVIVOR_ID, firstName: 'Noura' });

describe('merging on the client sheet', () => {
  it('when the file is not merged, then the sheet offers "Fusionner" / "Merge"; once merged, none, and "Merged into" links the survivor', () => {
    expect(mergeAction(absorbed(), 'fr')?.value).toContain(`/api/console/clients/${CLIENT_ID}/merge?lang=fr`);
    expect(mergeAction(absorbed(), 'en')?.value).toContain('>Merge</a>');
    const merged = { ...absorbed(), access: { status: 'merged' as const, since: new Date(), into: SURVIVOR_ID } };
    expect(mergeAction(merged, 'fr')).toBeNull();
    expect(mergedIntoFact(merged.access, 'en')?.value).toContain(`href="/api/console/clients/${SURVIVOR_ID}?lang=en"`);
    // Named by the kept file's names when the sheet read them (QA: "the file kept" named nothing).
    expect(mergedIntoFact(merged.access, 'fr', 'DUPONT Noura')?.value).toContain('>DUPONT Noura</a>');
    // The merged file's sheet: the kept file named, no "Modifier", no "Fusionner".
    const sheet = renderClientSheet(frame('fr'), {
      ...longSheetView({ file: merged, access: merged.access, tab: 'access' }),
      mergedInto: { id: SURVIVOR_ID, firstName: 'Noura', lastName: 'Dupont' },
    }).value;
    expect(sheet).toContain(`<a href="/api/console/clients/${SURVIVOR_ID}?lang=fr">DUPONT Noura</a>`);
    expect(sheet).not.toContain(`/api/console/clients/${CLIENT_ID}/edit`);
    expect(sheet).toContain('Fusionné dans une autre fiche');
    // A record's `into` is an address (the login's page names it), never a link.
    expect(mergedIntoFact({ status: 'merged', into: 'nour@example.com' }, 'en')).toBeNull();
  });
});

describe('the merge pages', () => {
  it('when results are listed, then the file itself is left out and each other file links to its confirmation', () => {
    const items = searchResults(); // the first is the file itself
    const markup = renderMergePick(frame('en'), {
      file: absorbed(),
      q: 'pierre',
      outcome: { kind: 'results', items },
    }).value;
    expect(markup).not.toContain(`data-client="${CLIENT_ID}"`);
    expect([...markup.matchAll(/<tr data-client=/g)]).toHaveLength(items.filter((i) => i.id !== CLIENT_ID).length);
    expect(markup).toContain(`/api/console/clients/${CLIENT_ID}/merge/${searchResults()[1]!.id}?lang=en`);
  });

  it('when the confirmation is shown, then it says what happens and posts with the CSRF token; a refusal says why', () => {
    const markup = renderMergeConfirm(frame('fr'), { absorbed: absorbed(), survivor: survivor() }).value;
    expect(markup).toContain(`action="/api/console/clients/${CLIENT_ID}/merge/${SURVIVOR_ID}?lang=fr"`);
    expect(markup).toContain('name="csrf" value="the-csrf-token"');
    expect([...markup.matchAll(/<li>/g)].length).toBeGreaterThanOrEqual(4);
    expect(markup).not.toContain('role="alert"');
    for (const reason of Object.keys(en.refused)) {
      const refused = renderMergeConfirm(frame('en'), {
        absorbed: absorbed(),
        survivor: survivor(),
        refusal: reason,
      }).value;
      expect(refused).toContain(`data-refusal="${reason}"`);
      expect(refused).toContain(en.refused[reason]!.replace(/’/g, '&#39;').slice(0, 10));
    }
  });

  it('when the merge is done, then the page names both files and says what became of the login', () => {
    const markup = renderMergeDone(frame('en'), {
      absorbed: absorbed(),
      survivor: survivor(),
      account: 'disabled',
    }).value;
    expect(markup).toContain('The files are merged');
    expect(markup).toContain('data-account="disabled"');
    expect(markup).toContain(`href="/api/console/clients/${SURVIVOR_ID}?lang=en"`);
    expect(renderMergeDone(frame('fr'), { absorbed: absorbed(), survivor: survivor() }).value).not.toContain(
      'data-account',
    );
  });

  it('when the catalogs are compared, then French has every English key, and every refusal reason', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(fr.refused).sort()).toEqual(Object.keys(en.refused).sort());
    expect(Object.keys(fr.doneAccount).sort()).toEqual(Object.keys(en.doneAccount).sort());
  });
});
