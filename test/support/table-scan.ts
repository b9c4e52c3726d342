/**
 * Every row of every table of the test stack's storage that still mentions one of some strings (a person's name,
 * address, phone, or the hashed keys made of them), anywhere: its keys or any property. The erasure tests' proof that
 * nothing naming the person is left.
 */
import { TableClient, TableServiceClient } from '@azure/data-tables';
import { stack } from './stack.js';

export async function rowsMentioning(needles: string[]): Promise<string[]> {
  const connection = stack().storage.connectionString;
  const options = { allowInsecureConnection: true };
  const service = TableServiceClient.fromConnectionString(connection, options);
  const lowered = needles.map((n) => n.toLowerCase());
  const found: string[] = [];
  for await (const table of service.listTables()) {
    if (!table.name) continue;
    const client = TableClient.fromConnectionString(connection, table.name, options);
    for await (const row of client.listEntities()) {
      const text = JSON.stringify(row).toLowerCase();
      const hits = lowered.filter((n) => text.includes(n));
      if (hits.length > 0) found.push(`${table.name}/${row.partitionKey}/${row.rowKey}: ${hits.join(', ')}`);
    }
  }
  return found;
}
