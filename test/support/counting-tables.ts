/**
 * The app's tables over the test stack's Azurite, each HTTP request the Table SDK sends listed as `METHOD path`: for
 * tests that count what an operation costs in storage.
 */
import { TableClient } from '@azure/data-tables';
import { type TableFactory, tableFactory } from '../../shared/adapters/table/tables.js';
import { stack } from './stack.js';

export function countingTables(requests: string[]): TableFactory {
  return tableFactory((name) =>
    TableClient.fromConnectionString(stack().storage.connectionString, name, {
      allowInsecureConnection: true,
      additionalPolicies: [
        {
          position: 'perRetry',
          policy: {
            name: 'count-requests',
            sendRequest: (request, next) => {
              requests.push(`${request.method} ${decodeURIComponent(new URL(request.url).pathname)}`);
              return next(request);
            },
          },
        },
      ],
    }),
  );
}
