/**
 * Providers (`Providers`, one row each) and who acts for which (`ProviderAccess`, partition = workforce tenant:
 * `user:<oid>`, `app:<client id>`, or `tenant` for everyone of the tenant; the most specific wins). Both change
 * rarely, so lookups are cached for a minute in the process.
 */

import type { ProviderDirectory } from '../../domain/ports.js';
import type { Professional, Provider, ProviderStatus } from '../../domain/provider.js';
import { isNotFound, storage, type TableFactory } from './tables.js';

const CACHE_MS = 60_000;

export interface ProviderAccessGrant {
  tenantId: string;
  /** `user:<oid>`, `app:<client id>` or `tenant`. */
  subject: string;
}

export function tableProviderDirectory(tables: TableFactory, now: () => number = Date.now): ProviderDirectory {
  const cache = new Map<string, { at: number; value: unknown }>();
  async function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    if (hit && now() - hit.at < CACHE_MS) return hit.value as T;
    const value = await load();
    // Unknown ones are not cached: a provider registered a moment later must be found at once.
    if (value !== undefined) cache.set(key, { at: now(), value });
    return value;
  }
  async function point<T>(table: 'Providers' | 'ProviderAccess', pk: string, rk: string): Promise<T | undefined> {
    try {
      return await (await tables(table)).getEntity<T & object>(pk, rk);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
  return {
    get: (providerId) =>
      storage(() =>
        cached(`provider|${providerId}`, async () => {
          const row = await point<Record<string, unknown>>('Providers', 'provider', providerId);
          if (!row) return undefined;
          const provider: Provider = {
            id: providerId,
            name: String(row.Name),
            platformName: String(row.PlatformName),
            platformDescription: String(row.PlatformDescription ?? ''),
            supportEmail: String(row.SupportEmail),
            status: row.Status as ProviderStatus,
            ...(typeof row.PortalUrl === 'string' && row.PortalUrl ? { portalUrl: row.PortalUrl } : {}),
          };
          return provider;
        }),
      ),
    providerOf: (professional: Professional) =>
      storage(() =>
        cached(`access|${professional.tenantId}|${professional.oid}|${professional.appId}`, async () => {
          const subjects = [
            ...(professional.kind === 'user' ? [`user:${professional.oid}`] : []),
            `app:${professional.appId}`,
            'tenant',
          ];
          const rows = await Promise.all(
            subjects.map((s) => point<{ ProviderId: string }>('ProviderAccess', professional.tenantId, s)),
          );
          return rows.find(Boolean)?.ProviderId;
        }),
      ),
  };
}

/** Registers (or updates) a provider and who acts for it: used by ops tooling, the local stack and tests. */
export async function registerProvider(
  tables: TableFactory,
  provider: Provider,
  access: ProviderAccessGrant[],
): Promise<void> {
  await (await tables('Providers')).upsertEntity(
    {
      partitionKey: 'provider',
      rowKey: provider.id,
      Name: provider.name,
      PlatformName: provider.platformName,
      PlatformDescription: provider.platformDescription,
      SupportEmail: provider.supportEmail,
      Status: provider.status,
      PortalUrl: provider.portalUrl ?? '',
    },
    'Replace',
  );
  const accessTable = await tables('ProviderAccess');
  for (const grant of access) {
    await accessTable.upsertEntity(
      { partitionKey: grant.tenantId, rowKey: grant.subject, ProviderId: provider.id },
      'Replace',
    );
  }
}
