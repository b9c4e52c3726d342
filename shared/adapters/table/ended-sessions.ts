/**
 * Sessions ended before their time, in Table Storage (`EndedSessions`): partition = the UTC hour in which the session
 * would have ended on its own (`2026-11-30T17`), row = the session id. Checking a session is one point read (its id
 * and end are in its sealed cookie); forgetting the records of sessions past their end is a range of whole partitions,
 * older hours first — Table Storage has no time-to-live, so the hourly timer deletes them. Each row also names the
 * client (`ClientKey`), whose partition holds the session's marker, which the timer deletes before the row.
 */
import type { EndedSessions, SessionRef } from '../../domain/ports.js';
import { odata } from './odata.js';
import { deleteMatching, isNotFound, storage, type TableFactory } from './tables.js';

/** The hour a session would end in: records of one hour are forgotten together. */
const hourOf = (at: Date) => at.toISOString().slice(0, 13);

export function tableEndedSessions(tables: TableFactory): EndedSessions {
  const table = () => tables('EndedSessions');
  const keys = (session: SessionRef) => ({ partitionKey: hourOf(session.endsAt), rowKey: session.sid });
  return {
    end: (session, clientKey) =>
      storage(async () => {
        await (await table()).upsertEntity(
          { ...keys(session), EndsAt: session.endsAt, ...(clientKey === undefined ? {} : { ClientKey: clientKey }) },
          'Replace',
        );
      }),
    isEnded: (session) =>
      storage(async () => {
        const { partitionKey, rowKey } = keys(session);
        try {
          await (await table()).getEntity(partitionKey, rowKey, { queryOptions: { select: ['RowKey'] } });
          return true;
        } catch (error) {
          if (isNotFound(error)) return false;
          throw error;
        }
      }),
    expired: (before) =>
      storage(async () => {
        const rows = (await table()).listEntities<{ EndsAt?: Date | string; ClientKey?: string }>({
          queryOptions: { filter: odata`PartitionKey lt ${hourOf(before)}`, select: ['RowKey', 'EndsAt', 'ClientKey'] },
        });
        const found: { session: SessionRef; clientKey?: string }[] = [];
        for await (const row of rows) {
          found.push({
            session: { sid: String(row.rowKey), endsAt: new Date(row.EndsAt ?? 0) },
            ...(row.ClientKey ? { clientKey: row.ClientKey } : {}),
          });
        }
        return found;
      }),
    purge: (before) =>
      // Whole hours whose every session ended before `before`: the current hour waits for the next run.
      storage(async () => deleteMatching(await table(), odata`PartitionKey lt ${hourOf(before)}`)),
  };
}
