/**
 * `GET /api/console/invite/bulk/example.csv` (role `Invitations.Send`): an example of the bulk invite's CSV — every
 * column read, two people — as an attachment Excel opens as it is (UTF-8 with a BOM, semicolons).
 */
import { getDeps } from '../../shared/deps.js';
import { type ConsoleEdgeDeps, consoleEdgeDeps, consolePage } from '../../shared/http/console-route.js';
import { edge } from '../../shared/http/handler.js';
import { apiHeaders } from '../../shared/http/security-headers.js';
import { exampleCsv } from '../../shared/web/console-bulk-pages.js';
import { consoleBulkMessages } from '../../shared/web/messages/console-bulk.js';

export const consoleInviteBulkExampleHandler = consolePage<ConsoleEdgeDeps>('Invitations.Send', async (visit) => ({
  status: 200,
  headers: {
    ...apiHeaders(),
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${consoleBulkMessages[visit.locale].exampleFile}"`,
  },
  body: exampleCsv(),
}));

/** `ConsoleInviteBulkExample` as the host calls it (registered by functions/console-invite-bulk-example.ts, which imports this module on the first call). */
export const handler = edge(consoleInviteBulkExampleHandler, () => consoleEdgeDeps(getDeps()));
