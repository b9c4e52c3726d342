/** The console's merge pages (docs/merge.md) with long values, for the narrow-screen and page checks. */

import { renderMergeConfirm, renderMergeDone, renderMergePick } from '../../shared/web/console-merge-pages.js';
import type { ConsoleFrame } from '../../shared/web/console-pages.js';
import { LONG_EMAIL, LONG_LAST_NAME, longClientFile, searchResults } from './console-clients-views.js';

export function consoleMergePages(
  frame: Omit<ConsoleFrame, 'current' | 'here'>,
): Array<{ name: string; markup: string; mustFit: string[] }> {
  const f: ConsoleFrame = { ...frame, current: 'clients', here: '/api/console/clients' };
  const absorbed = longClientFile();
  const survivor = { ...longClientFile(), id: '5a000000-0000-4000-8000-000000000001', firstName: 'Noura' };
  return [
    {
      name: 'console merge (pick, results)',
      markup: renderMergePick(f, { file: absorbed, q: 'pierre', outcome: { kind: 'results', items: searchResults() } })
        .value,
      mustFit: [],
    },
    {
      name: 'console merge (pick, too short)',
      markup: renderMergePick(f, { file: absorbed, q: 'p', outcome: { kind: 'too-short' } }).value,
      mustFit: [],
    },
    {
      name: 'console merge (confirm, refused)',
      markup: renderMergeConfirm(f, { absorbed, survivor, refusal: 'survivor-without-account' }).value,
      mustFit: [LONG_EMAIL],
    },
    {
      name: 'console merge (done)',
      markup: renderMergeDone(f, { absorbed, survivor, account: 'disabled' }).value,
      mustFit: [LONG_LAST_NAME.toUpperCase().slice(0, 10)],
    },
  ];
}
