/**
 * Providers, their agency codes and who acts for which, in one partition (`provider`) of the `Providers` table:
 *
 * | row key                    | what                                                                   |
 * | -------------------------- | ---------------------------------------------------------------------- |
 * | `<provider id>`            | the provider (name, platform, contact, portal and docs, codes, status) |
 * | `code|<CLIENT CODE>`       | index: the provider that holds this client code (seed 003's `client=`) |
 * | `grant|<tenant>|<subject>` | who acts for the provider: `tenant`, `user:<oid>`, `app:<client id>`   |
 *
 * Only the provider row holds what clients read of it (name, platform, descriptions, contact, portal, docs): an
 * update (`updateProvider`) rewrites those columns of that one row; the id, the codes and the grants, which other
 * rows point to or are, never change.
 *
 * One partition, so a registration writes the provider, claims its code and its grants in one entity group
 * transaction: two registrations racing for the same code or grant cannot both win, and a refused one leaves
 * nothing behind. Providers are few and change rarely: lookups are cached in the process (a provider for
 * `PROVIDER_CACHE_MS`, so a deactivation takes effect within that time; who acts for whom for a minute).
 */
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { DomainError, ValidationFailed } from '../../domain/errors.js';
import { LOCALES, type Locale } from '../../domain/locale.js';
import type { ProviderDirectory } from '../../domain/ports.js';
import {
  applyProviderChanges,
  type GrantSubject,
  grantSubjectsOf,
  isAgencyCode,
  isProviderId,
  normalizeAgencyCode,
  type Professional,
  type Provider,
  type ProviderChanges,
  type ProviderDifference,
  type ProviderGrant,
  type ProviderStatus,
  providerDifferences,
  type RegistrationRefusal,
  registrationProblems,
} from '../../domain/provider.js';
import { odata } from './odata.js';
import { isConflict, isNotFound, isPreconditionFailed, storage, type TableFactory } from './tables.js';

export const PROVIDER_CACHE_MS = 10_000;
const ACCESS_CACHE_MS = 60_000;
const PARTITION = 'provider';
/** A provider row, its code row and its grants share one transaction (at most 100 entities). */
export const MAX_GRANTS = 50;

const codeKey = (code: string) => `code|${code}`;
const grantKey = (grant: ProviderGrant) => `grant|${grant.tenantId}|${grant.subject}`;

/** A provider as ops see it: the record and every grant that names it. */
export interface RegisteredProvider extends Provider {
  grants: ProviderGrant[];
}

type ProviderRow = {
  Name: string;
  PlatformName: string;
  PlatformDescription?: string;
  /** The descriptions by language (`platformDescriptions`), one column each: '' when that language has none. */
  PlatformDescriptionFr?: string;
  PlatformDescriptionEn?: string;
  SupportEmail: string;
  PortalUrl?: string;
  DocumentationUrl?: string;
  ClientCode?: string;
  CompanyCode?: string;
  Status: string;
  /** When the status was last set by ops (`npm run provider -- deactivate`): the refusal pages say since when. */
  StatusSince?: Date | string;
};

const DESCRIPTION_COLUMN = {
  fr: 'PlatformDescriptionFr',
  en: 'PlatformDescriptionEn',
} as const satisfies Record<Locale, keyof ProviderRow>;

function toRow(provider: Provider): ProviderRow & { partitionKey: string; rowKey: string } {
  return {
    partitionKey: PARTITION,
    rowKey: provider.id,
    Name: provider.name,
    PlatformName: provider.platformName,
    PlatformDescription: provider.platformDescription,
    ...Object.fromEntries(
      LOCALES.map((locale) => [DESCRIPTION_COLUMN[locale], provider.platformDescriptions?.[locale] ?? '']),
    ),
    SupportEmail: provider.supportEmail ?? '',
    PortalUrl: provider.portalUrl ?? '',
    DocumentationUrl: provider.documentationUrl ?? '',
    ClientCode: provider.agencyCodes?.client ?? '',
    CompanyCode: provider.agencyCodes?.company ?? '',
    Status: provider.status,
  };
}

/** The SDK gives a DateTime column as a Date (or its text, without type conversion): either, or nothing. */
function statusSince(value: unknown): Date | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

function fromRow(id: string, row: Partial<ProviderRow>): Provider {
  const str = (value: unknown) => (typeof value === 'string' ? value : '');
  const descriptions = LOCALES.flatMap((locale) => {
    const description = str(row[DESCRIPTION_COLUMN[locale]]);
    return description ? [[locale, description] as const] : [];
  });
  return {
    id,
    name: str(row.Name),
    platformName: str(row.PlatformName),
    platformDescription: str(row.PlatformDescription),
    ...(descriptions.length ? { platformDescriptions: Object.fromEntries(descriptions) } : {}),
    ...(str(row.SupportEmail) ? { supportEmail: str(row.SupportEmail) } : {}),
    status: row.Status === 'inactive' ? 'inactive' : 'active',
    ...(row.Status === 'inactive' && statusSince(row.StatusSince)
      ? { inactiveSince: statusSince(row.StatusSince)! }
      : {}),
    ...(str(row.PortalUrl) ? { portalUrl: str(row.PortalUrl) } : {}),
    ...(str(row.DocumentationUrl) ? { documentationUrl: str(row.DocumentationUrl) } : {}),
    ...(str(row.ClientCode)
      ? {
          agencyCodes: {
            client: str(row.ClientCode),
            ...(str(row.CompanyCode) ? { company: str(row.CompanyCode) } : {}),
          },
        }
      : {}),
  };
}

async function point<T extends object>(table: TableClient, rowKey: string) {
  try {
    return await table.getEntity<T>(PARTITION, rowKey);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export function tableProviderDirectory(tables: TableFactory, now: () => number = Date.now): ProviderDirectory {
  const cache = new Map<string, { until: number; value: unknown }>();
  async function cached<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    if (hit && now() < hit.until) return hit.value as T;
    const value = await load();
    // Unknown ones are not cached: a provider registered a moment later must be found at once.
    if (value !== undefined) cache.set(key, { until: now() + ttlMs, value });
    return value;
  }
  const get = (providerId: string) =>
    storage(() =>
      cached(`provider|${providerId}`, PROVIDER_CACHE_MS, async () => {
        const row = await point<ProviderRow>(await tables('Providers'), providerId);
        return row ? fromRow(providerId, row) : undefined;
      }),
    );
  return {
    get,
    providerOf: (professional: Professional) =>
      storage(() =>
        cached(
          `access|${professional.tenantId}|${professional.oid}|${professional.appId}`,
          ACCESS_CACHE_MS,
          async () => {
            const table = await tables('Providers');
            const rows = await Promise.all(
              grantSubjectsOf(professional).map((subject) =>
                point<{ ProviderId: string }>(table, grantKey({ tenantId: professional.tenantId, subject })),
              ),
            );
            return rows.find(Boolean)?.ProviderId;
          },
        ),
      ),
    byAgencyCode: async (clientCode) => {
      const code = normalizeAgencyCode(clientCode);
      if (!isAgencyCode(code)) return undefined;
      const providerId = await storage(() =>
        cached(`code|${code}`, ACCESS_CACHE_MS, async () => {
          const row = await point<{ ProviderId: string }>(await tables('Providers'), codeKey(code));
          return row?.ProviderId;
        }),
      );
      return providerId ? get(providerId) : undefined;
    },
  };
}

/** What a refused registration found: what is already taken, and by whom. */
type RegistrationConflict =
  | { providerId: string; agencyCode?: string }
  | { agencyCode: string; holder: { id: string; name: string } }
  | { grant: ProviderGrant; holder: { id: string; name: string } };

function refused(why: RegistrationRefusal, details: RegistrationConflict, message: string): DomainError {
  return new DomainError(why, message, { ...details });
}

/**
 * Registers a provider with its agency codes and grants, in one transaction. A code or a grant held by another
 * provider is refused (`agency-code-taken`, `grant-taken`), and so is an existing id unless `replace` is set
 * (`provider-exists`): the local stack's seed
 * re-registers its providers at every start (the record is rewritten but keeps its status, so a provider
 * deactivated by ops stays inactive; a provider's client code never changes).
 * The record is checked first (`validation-failed`, one problem per field).
 */
export async function registerProvider(
  tables: TableFactory,
  provider: Provider,
  grants: readonly ProviderGrant[],
  options: { replace?: boolean } = {},
): Promise<{ created: boolean }> {
  const problems = registrationProblems(provider, grants);
  if (grants.length > MAX_GRANTS) problems.push({ pointer: '#/grants', detail: `at most ${MAX_GRANTS} grants` });
  if (problems.length) throw new ValidationFailed(problems, 'The provider has invalid fields.');
  const table = await storage(() => tables('Providers'));
  const code = provider.agencyCodes?.client;
  const nameOf = async (id: string) => (await point<ProviderRow>(table, id))?.Name ?? '(no record)';
  // A concurrent registration can take a code or a grant between the reads and the write: the transaction then
  // fails as a whole, and the next round reads who took it.
  for (let round = 0; ; round += 1) {
    const [existing, codeRow, ...grantRows] = await storage(() =>
      Promise.all([
        point<ProviderRow>(table, provider.id),
        code ? point<{ ProviderId: string }>(table, codeKey(code)) : Promise.resolve(undefined),
        ...grants.map((grant) => point<{ ProviderId: string }>(table, grantKey(grant))),
      ]),
    );
    if (existing && !options.replace) {
      throw refused(
        'provider-exists',
        { providerId: provider.id },
        `A provider with id ${provider.id} already exists.`,
      );
    }
    if (existing?.ClientCode && existing.ClientCode !== (code ?? '')) {
      throw refused(
        'agency-code-unchangeable',
        { providerId: provider.id, agencyCode: existing.ClientCode },
        `Provider ${provider.id} already has the client code ${existing.ClientCode}; a provider's code never changes.`,
      );
    }
    if (code && codeRow && codeRow.ProviderId !== provider.id) {
      const holder = { id: codeRow.ProviderId, name: await storage(() => nameOf(codeRow.ProviderId)) };
      throw refused(
        'agency-code-taken',
        { agencyCode: code, holder },
        `The client code ${code} already belongs to ${holder.name} (${holder.id}).`,
      );
    }
    const taken = grants.findIndex((_, i) => grantRows[i] && grantRows[i].ProviderId !== provider.id);
    if (taken >= 0) {
      const grant = grants[taken]!;
      const holderId = grantRows[taken]!.ProviderId;
      const holder = { id: holderId, name: await storage(() => nameOf(holderId)) };
      const who = grant.subject === 'tenant' ? `The whole tenant ${grant.tenantId}` : grant.subject;
      throw refused('grant-taken', { grant, holder }, `${who} already acts for ${holder.name} (${holder.id}).`);
    }

    const actions: TransactionAction[] = [
      existing
        ? [
            'update',
            {
              ...toRow(provider),
              Status: existing.Status,
              ...(existing.StatusSince ? { StatusSince: existing.StatusSince } : {}),
            },
            'Replace',
            { etag: existing.etag },
          ]
        : ['create', toRow(provider)],
    ];
    if (code && !codeRow)
      actions.push(['create', { partitionKey: PARTITION, rowKey: codeKey(code), ProviderId: provider.id }]);
    grants.forEach((grant, i) => {
      if (!grantRows[i]) {
        actions.push([
          'create',
          {
            partitionKey: PARTITION,
            rowKey: grantKey(grant),
            ProviderId: provider.id,
            TenantId: grant.tenantId,
            Subject: grant.subject,
          },
        ]);
      }
    });
    try {
      await storage(() => table.submitTransaction(actions));
      return { created: !existing };
    } catch (error) {
      if (round < 3 && (isConflict(error) || isPreconditionFailed(error))) continue;
      throw error;
    }
  }
}

/** Every provider with its grants, by name. */
export async function listProviders(tables: TableFactory): Promise<RegisteredProvider[]> {
  const table = await storage(() => tables('Providers'));
  const providers = new Map<string, RegisteredProvider>();
  const grants: Array<{ providerId: string; grant: ProviderGrant }> = [];
  await storage(async () => {
    const rows = table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${PARTITION}` },
    });
    for await (const row of rows) {
      const key = String(row.rowKey);
      if (key.startsWith('grant|')) {
        const [, tenantId = '', subject = ''] = key.split('|');
        grants.push({ providerId: String(row.ProviderId), grant: { tenantId, subject: subject as GrantSubject } });
      } else if (!key.startsWith('code|')) {
        providers.set(key, { ...fromRow(key, row as Partial<ProviderRow>), grants: [] });
      }
    }
  });
  for (const { providerId, grant } of grants) providers.get(providerId)?.grants.push(grant);
  return [...providers.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** The provider with this id, or else the one holding this client code (any case). */
export async function findProvider(tables: TableFactory, idOrCode: string): Promise<RegisteredProvider | undefined> {
  const wanted = idOrCode.trim();
  const table = await storage(() => tables('Providers'));
  const code = normalizeAgencyCode(wanted);
  const byCode = isAgencyCode(code)
    ? await storage(() => point<{ ProviderId: string }>(table, codeKey(code)))
    : undefined;
  const ids = [wanted, wanted.toLowerCase(), byCode?.ProviderId].filter((id): id is string => Boolean(id));
  for (const id of new Set(ids)) {
    // Only a well-formed id can be a provider's row key (what ops type may hold characters Azure refuses in keys).
    if (!isProviderId(id)) continue;
    const row = await storage(() => point<ProviderRow>(table, id));
    if (row) return (await listProviders(tables)).find((p) => p.id === id);
  }
  return undefined;
}

/**
 * Sets a provider's status (the record, its codes and grants are kept: its professionals are then refused with
 * `provider-inactive` and its clients told it stopped using the service). Conditional on the row read.
 */
export async function setProviderStatus(
  tables: TableFactory,
  providerId: string,
  status: ProviderStatus,
): Promise<{ changed: boolean }> {
  const table = await storage(() => tables('Providers'));
  for (let round = 0; ; round += 1) {
    const row = await storage(() => point<ProviderRow>(table, providerId));
    if (!row) throw new DomainError('provider-not-found', `No provider has the id ${providerId}.`);
    if (row.Status === status) return { changed: false };
    try {
      await storage(() =>
        table.updateEntity(
          { partitionKey: PARTITION, rowKey: providerId, Status: status, StatusSince: new Date() },
          'Merge',
          {
            etag: row.etag,
          },
        ),
      );
      return { changed: true };
    } catch (error) {
      if (round < 3 && isPreconditionFailed(error)) continue;
      throw error;
    }
  }
}

/** The columns an update writes: what clients read of a provider, never its codes or status. */
const DETAIL_COLUMNS = [
  'Name',
  'PlatformName',
  'PlatformDescription',
  ...LOCALES.map((locale) => DESCRIPTION_COLUMN[locale]),
  'SupportEmail',
  'PortalUrl',
  'DocumentationUrl',
] as const satisfies ReadonlyArray<keyof ProviderRow>;

/**
 * Changes what clients read of a provider (`npm run provider -- update`): the stored record with the changes given,
 * checked whole as a registration is (`validation-failed`), written only when something differs, and only if the
 * row is still the one read (If-Match on its ETag): a concurrent change is refused (`concurrent-update`) and nothing
 * is written. Its id, codes, grants and status stay as they are (`ProviderChanges` cannot name them), and the
 * update merges its columns only: a column this code does not know is kept.
 */
export async function updateProvider(
  tables: TableFactory,
  providerId: string,
  changes: ProviderChanges,
): Promise<{ before: RegisteredProvider; after: RegisteredProvider; differences: ProviderDifference[] }> {
  const notFound = () => new DomainError('provider-not-found', `No provider has the id ${providerId}.`);
  if (!isProviderId(providerId)) throw notFound();
  const table = await storage(() => tables('Providers'));
  const row = await storage(() => point<ProviderRow>(table, providerId));
  if (!row) throw notFound();
  const grants: ProviderGrant[] = [];
  await storage(async () => {
    const rows = table.listEntities<{ ProviderId?: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${PARTITION} and ProviderId eq ${providerId}` },
    });
    for await (const grantRow of rows) {
      const [kind, tenantId = '', subject = ''] = String(grantRow.rowKey).split('|');
      if (kind === 'grant') grants.push({ tenantId, subject: subject as GrantSubject });
    }
  });
  const before: RegisteredProvider = { ...fromRow(providerId, row), grants };
  const after: RegisteredProvider = { ...applyProviderChanges(before, changes), grants };
  const problems = registrationProblems(after, grants);
  if (problems.length) throw new ValidationFailed(problems, 'The provider would have invalid fields.');
  const differences = providerDifferences(before, after);
  if (!differences.length) return { before, after, differences };
  const written = toRow(after);
  try {
    await storage(() =>
      table.updateEntity(
        {
          partitionKey: PARTITION,
          rowKey: providerId,
          ...Object.fromEntries(DETAIL_COLUMNS.map((column) => [column, written[column] ?? ''])),
        },
        'Merge',
        { etag: row.etag },
      ),
    );
  } catch (error) {
    if (isPreconditionFailed(error) || isNotFound(error)) {
      throw new DomainError(
        'concurrent-update',
        `Provider ${providerId} was changed by someone else since it was read: nothing was written.`,
        { providerId },
      );
    }
    throw error;
  }
  return { before, after, differences };
}
