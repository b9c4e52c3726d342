/**
 * Wiring: every client of an Azure service is created once per process, on first use, and reused across
 * invocations (connection reuse). Locally the same SDKs point at Azurite and the local Entra / ACS through
 * settings only; in Azure they use the managed identity. The heaviest SDKs (MSAL, the ACS pipeline, Identity) are
 * imported on first use, not when the app loads: a cold start pays only for what its first request needs.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { QueueServiceClient } from '@azure/storage-queue';
import { acsEmailSender } from './adapters/acs/email-sender.js';
import { acsSmsSender } from './adapters/acs/sms-sender.js';
import { BACKUP_CONTAINER, blobTableBackups } from './adapters/backup/table-backups.js';
import { createClientCodes } from './adapters/client-codes.js';
import { createDeviceCredentials } from './adapters/device-credentials.js';
import { msalClientSignIn } from './adapters/entra/client-sign-in.js';
import { graphClientDirectory } from './adapters/entra/graph-directory.js';
import { msalProfessionalSignIn } from './adapters/entra/professional-sign-in.js';
import {
  createProfessionalTokenVerifier,
  type ProfessionalTokenVerifier,
} from './adapters/entra/professional-tokens.js';
import { type HealthProbes, healthProbes } from './adapters/health-checks.js';
import { createLinkKeys } from './adapters/link-keys.js';
import { phoneNumbers } from './adapters/phone-numbers.js';
import { storageAccountEmailQueue } from './adapters/queue/account-email-queue.js';
import { storageBatchQueue } from './adapters/queue/batch-queue.js';
import { storageDispatchQueue } from './adapters/queue/dispatch-queue.js';
import { storagePoisonQueues } from './adapters/queue/poison-queues.js';
import { storageResetRequestQueue } from './adapters/queue/reset-request-queue.js';
import { storageSmsQueue } from './adapters/queue/sms-queue.js';
import { cryptoRandom } from './adapters/random.js';
import { textSealer } from './adapters/sealed-text.js';
import { systemClock, systemIds } from './adapters/system.js';
import { tableAccountEmailStore } from './adapters/table/account-email-store.js';
import { tableBatchStore } from './adapters/table/batch-store.js';
import { coalescingClaims } from './adapters/table/claim-coalescing.js';
import { tableClientFileStore } from './adapters/table/client-file-store.js';
import { tableClientStore } from './adapters/table/client-store.js';
import { tableEmailPacer } from './adapters/table/email-pacer.js';
import { tableEndedSessions } from './adapters/table/ended-sessions.js';
import { tableIdempotencyStore } from './adapters/table/idempotency-store.js';
import { tableInvitationStore } from './adapters/table/invitation-store.js';
import { tableLimits } from './adapters/table/limits.js';
import { tableProfessionalRoster } from './adapters/table/professional-roster.js';
import { tableProviderDirectory } from './adapters/table/provider-directory.js';
import { tableResetTokenStore } from './adapters/table/reset-token-store.js';
import { tableRetentionStore } from './adapters/table/retention-store.js';
import { tableSmsPacer } from './adapters/table/sms-pacer.js';
import { type TableFactory, tableFactory } from './adapters/table/tables.js';
import { tableTwoStepStore } from './adapters/table/two-step-store.js';
import { tableTwoStepSwitch } from './adapters/table/two-step-switch.js';
import { nodeTwoStepCrypto } from './adapters/totp.js';
import type { ClientCertificate } from './client-certificate.js';
import { apiAudiences, type Settings, settings } from './config.js';
import type { AccountEmails } from './domain/account-email.js';
import { cachedPasswordChanges } from './domain/password-change.js';
import type { IdempotencyStore } from './domain/ports.js';
import type { OnboardingDeps } from './domain/use-cases/accept-invitation.js';
import { accountEmailOutbox, type DispatchAccountEmailDeps } from './domain/use-cases/account-emails.js';
import type { DeviceDeps } from './domain/use-cases/activate-device.js';
import type { ApplyRetentionDeps } from './domain/use-cases/apply-retention.js';
import type { AskForErasureDeps } from './domain/use-cases/ask-for-erasure.js';
import type { BackUpTablesDeps } from './domain/use-cases/back-up-tables.js';
import type { BulkDeps } from './domain/use-cases/bulk-invitations.js';
import type { SignInEmailDeps } from './domain/use-cases/change-sign-in-email.js';
import type { ClientAccessDeps } from './domain/use-cases/client-access.js';
import type { ClientFileDeps } from './domain/use-cases/client-files.js';
import type { ChangePasswordDeps } from './domain/use-cases/client-profile.js';
import type { ConsoleDeps } from './domain/use-cases/console.js';
import type { DispatchSmsDeps } from './domain/use-cases/dispatch-activation-sms.js';
import type { ErasureDeps } from './domain/use-cases/erase-client.js';
import type { DispatchDeps } from './domain/use-cases/invitation-deps.js';
import type { DeliveryReportDeps } from './domain/use-cases/record-email-delivery.js';
import type { SmsDeliveryReportDeps } from './domain/use-cases/record-sms-delivery.js';
import type { ReleaseEmailDeps } from './domain/use-cases/release-email.js';
import type { ResetConfirmDeps, ResetRequestDeps, ResetWorkerDeps } from './domain/use-cases/reset-password.js';
import type { SendActivationSmsDeps } from './domain/use-cases/send-activation-sms.js';
import type { TemporaryPasswordDeps } from './domain/use-cases/temporary-password.js';
import type { TwoStepDeps } from './domain/use-cases/two-step.js';
import type { RecordProfessionalDeps, TurnOffTwoStepDeps, TwoStepHelpDeps } from './domain/use-cases/two-step-help.js';
import type { WatchPoisonQueuesDeps } from './domain/use-cases/watch-poison-queues.js';
import { type ConsoleSessions, consoleSessions } from './http/console-session.js';
import type { ProfessionalAuth } from './http/professional.js';
import { type Sessions, sessions } from './http/session.js';
import { accountEmailComposer } from './web/account-emails.js';
import { activationSmsComposer } from './web/activation-sms.js';
import { invitationEmailComposer } from './web/invitation-email-composer.js';

export interface Deps {
  settings: Settings;
  queues: QueueServiceClient;
  /** Confidential client of the client (external) tenant: sign-in and Graph app-only tokens. */
  clientTenantApp: () => Promise<ConfidentialClientApplication>;
  /** Where the ACS resource is and how to sign requests to it (emails, and the health probe). */
  acs: { endpoint: string; credential: string | TokenCredential };
  tableFor: TableFactory;
  /** The invitation use cases' ports (also bulk: batches, pacing). */
  invitations: BulkDeps;
  dispatch: DispatchDeps;
  /** Email delivery reports (Event Grid). */
  deliveryReports: DeliveryReportDeps;
  bulk: BulkDeps;
  auth: ProfessionalAuth;
  idempotency: IdempotencyStore;
  /** Accepting invitations, Create Company and signing in again. */
  onboarding: OnboardingDeps;
  sessions: Sessions;
  /** The probes of `GET /api/health` over the clients above (their report is cached per process). */
  health: HealthProbes;
  /** Verifies professionals' bearer tokens against the workforce tenant (its JWKS cache lives as long as the process). */
  professionalTokens: ProfessionalTokenVerifier;
  /** The professional console's ports; undefined when no console app is configured (`CONSOLE_APP_ID`). */
  console: ConsoleDeps | undefined;
  /** The console's sealed session and sign-in cookies (lifetime and idle timeout from the settings). */
  consoleSessions: ConsoleSessions;
  /** Client files: their store and search index, identification codes, phone numbers (docs/clients.md). */
  clientFiles: ClientFileDeps;
  /** Erasing a prospect's file and its invitations (docs/privacy.md "Erasure"). */
  erasure: ErasureDeps;
  /** Block and unblock: the client files, and the accounts' provider records sign-in reads (docs/access.md). */
  clientAccess: ClientAccessDeps;
  /** "No access to the app" (docs/two-step-help.md): console sign-ins remembered, the client's request, turning off. */
  twoStepHelp: { record: RecordProfessionalDeps; ask: TwoStepHelpDeps };
  twoStepOff: TurnOffTwoStepDeps;
  /** The mobile app's devices: activation, device credentials, revocation (docs/mobile-app.md). */
  devices: DeviceDeps;
  /** Two-step verification of client accounts (docs/two-step.md). */
  twoStep: TwoStepDeps;
  /** The activation SMS: SendActivationSms, its dispatcher (queue `sms-outbox`) and its delivery reports. */
  activationSms: { send: SendActivationSmsDeps; dispatch: DispatchSmsDeps; reports: SmsDeliveryReportDeps };
  /** Emails about a client's account (reset link, refusal, password changed, temporary password): queue them here. */
  accountEmails: AccountEmails;
  /** DispatchAccountEmail (queue `account-emails`): sends each account email once (docs/account-emails.md). */
  accountEmailDispatch: DispatchAccountEmailDeps;
  /** Forgot password: the request (per-IP limit, queue `reset-requests`), its worker, the link and its confirm. */
  passwordReset: { request: ResetRequestDeps; worker: ResetWorkerDeps; confirm: ResetConfirmDeps };

  /** A professional's temporary password for a client; the client's change from their profile (docs/profile.md). */
  passwords: { temporary: TemporaryPasswordDeps; change: ChangePasswordDeps };
  /** The client's change of sign-in email from their profile (docs/profile.md "Sign-in email"). */
  signInEmail: SignInEmailDeps;
  /** The client's erasure request from their profile (docs/privacy.md "Erasure asked by the client"). */
  erasureRequest: AskForErasureDeps;
  /** Releasing a merged or unserved file's addresses (docs/merge.md "Releasing the addresses"). */
  releaseEmail: ReleaseEmailDeps;
  /** BackupTables (timer, daily): every table exported to the blob container `table-backups` (docs/runbook.md). */
  tableBackups: BackUpTablesDeps;
  /** WatchPoisonQueues: the poison queues' message counts (alert-poison-messages). */
  watch: WatchPoisonQueuesDeps;
  /** ApplyRetention (timer, daily) and `npm run retention`: the retention periods of docs/privacy.md. */
  retention: ApplyRetentionDeps;
}

/** The shapes functions need from the adapters reached through here. */
export type { CheckName, HealthProbes, HealthReport } from './adapters/health-checks.js';

let deps: Deps | undefined;

/** True when a URL is plain http (Azurite, never Azure): the SDKs refuse it unless told. */
const insecure = (s: string) => /=http:\/\/|^http:\/\//i.test(s);

/** Memoizes an async load: the first call starts it, every later call shares it (a failure is retried). */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
}

/** The user-assigned managed identity (Azure only); @azure/identity is imported when a token is first needed. */
function managedIdentity(s: Settings): TokenCredential {
  const credential = once(async () => {
    const { ManagedIdentityCredential } = await import('@azure/identity');
    return s.AzureWebJobsStorage__clientId
      ? new ManagedIdentityCredential({ clientId: s.AzureWebJobsStorage__clientId })
      : new ManagedIdentityCredential();
  });
  return {
    getToken: async (scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> =>
      (await credential()).getToken(scopes, options),
  };
}

function storageClients(s: Settings): Pick<Deps, 'queues' | 'tableFor'> {
  const conn = s.AzureWebJobsStorage;
  // @azure/data-tables is imported when the first table is needed, not when the app loads.
  const sdk = once(() => import('@azure/data-tables'));
  if (conn) {
    const allowInsecureConnection = insecure(conn);
    return {
      queues: QueueServiceClient.fromConnectionString(conn),
      tableFor: tableFactory(async (name) =>
        (await sdk()).TableClient.fromConnectionString(conn, name, { allowInsecureConnection }),
      ),
    };
  }
  const account = s.AzureWebJobsStorage__accountName!;
  const credential = managedIdentity(s);
  const tableUrl = `https://${account}.table.core.windows.net`;
  return {
    queues: new QueueServiceClient(`https://${account}.queue.core.windows.net`, credential),
    tableFor: tableFactory(async (name) => new (await sdk()).TableClient(tableUrl, name, credential)),
  };
}

/** The table backups: the blob container and raw table clients, their SDKs imported when a backup first runs. */
function tableBackups(s: Settings): BackUpTablesDeps['backups'] {
  return blobTableBackups(
    once(async () => {
      const [{ BlobServiceClient }, { TableClient }] = await Promise.all([
        import('@azure/storage-blob'),
        import('@azure/data-tables'),
      ]);
      const conn = s.AzureWebJobsStorage;
      if (conn) {
        return {
          container: BlobServiceClient.fromConnectionString(conn).getContainerClient(BACKUP_CONTAINER),
          table: (name: string) =>
            TableClient.fromConnectionString(conn, name, { allowInsecureConnection: insecure(conn) }),
        };
      }
      const account = s.AzureWebJobsStorage__accountName!;
      const credential = managedIdentity(s);
      return {
        container: new BlobServiceClient(`https://${account}.blob.core.windows.net`, credential).getContainerClient(
          BACKUP_CONTAINER,
        ),
        table: (name: string) => new TableClient(`https://${account}.table.core.windows.net`, name, credential),
      };
    }),
  );
}

function acsResource(s: Settings): Pick<Deps, 'acs'> {
  const conn = s.ACS_CONNECTION_STRING;
  const endpoint = conn ? (/endpoint=([^;]+)/i.exec(conn)?.[1] ?? '') : s.ACS_ENDPOINT!;
  return { acs: { endpoint, credential: conn ?? managedIdentity(s) } };
}

function clientTenantApp(s: Settings): () => Promise<ConfidentialClientApplication> {
  return once(async () => {
    const { ConfidentialClientApplication } = await import('@azure/msal-node');
    return new ConfidentialClientApplication({
      auth: {
        clientId: s.CLIENT_APP_ID,
        // MSAL signs each client assertion with the certificate's key (PS256, `x5t#S256`): no client secret anywhere.
        clientCertificate: s.CLIENT_APP_CERTIFICATE,
        authority: s.CLIENT_AUTHORITY,
        ...(s.ENTRA_KNOWN_AUTHORITIES ? { knownAuthorities: s.ENTRA_KNOWN_AUTHORITIES } : {}),
      },
    });
  });
}

/** The console's MSAL app (the workforce tenant), imported at the first sign-in. */
function consoleApp(
  s: Settings,
  clientId: string,
  certificate: ClientCertificate,
): () => Promise<ConfidentialClientApplication> {
  return once(async () => {
    const { ConfidentialClientApplication } = await import('@azure/msal-node');
    const host = new URL(s.WORKFORCE_AUTHORITY_HOST).host;
    return new ConfidentialClientApplication({
      auth: {
        clientId,
        clientCertificate: certificate,
        authority: `${s.WORKFORCE_AUTHORITY_HOST.replace(/\/+$/, '')}/${s.WORKFORCE_TENANT_ID}`,
        // login.microsoftonline.com is known to MSAL; any other host (the local Entra) is trusted as configured.
        ...(host === 'login.microsoftonline.com' ? {} : { knownAuthorities: [host] }),
      },
    });
  });
}

export function buildDeps(s: Settings): Deps {
  const storage = storageClients(s);
  const acs = acsResource(s);
  const professionalTokens = createProfessionalTokenVerifier({
    authorityHost: s.WORKFORCE_AUTHORITY_HOST,
    tenantId: s.WORKFORCE_TENANT_ID,
    issuer: s.WORKFORCE_ISSUER,
    audiences: apiAudiences(s),
  });
  const tables = storage.tableFor;
  const clock = systemClock;
  const providers = tableProviderDirectory(tables);
  const invitations: BulkDeps = {
    clock,
    ids: systemIds,
    keys: createLinkKeys(s.SESSION_KEYS),
    invitations: coalescingClaims(tableInvitationStore(tables)),
    dispatch: storageDispatchQueue(storage.queues),
    providers,
    limits: tableLimits(tables, clock),
    links: {
      acceptInvitation: (invitationId, key) =>
        `${s.PUBLIC_BASE_URL}/api/InviteUser?${new URLSearchParams({ invitationId, key }).toString()}`,
    },
    batches: tableBatchStore(tables),
    batchQueue: storageBatchQueue(storage.queues),
    pacer: tableEmailPacer(tables, clock, { perMinute: s.EMAIL_QUOTA_PER_MINUTE, perHour: s.EMAIL_QUOTA_PER_HOUR }),
  };
  const dispatch: DispatchDeps = {
    ...invitations,
    // The dispatcher owns retries (backoff honouring Retry-After, throttling never an attempt): the sender has none.
    email: acsEmailSender(acs.acs, { address: s.EMAIL_SENDER_ADDRESS, displayName: s.EMAIL_SENDER_NAME }),
    composer: invitationEmailComposer,
    retryBaseSeconds: s.EMAIL_RETRY_BASE_SECONDS,
  };
  const clientApp = clientTenantApp(s);
  const onboarding: OnboardingDeps = {
    ...invitations,
    signIn: msalClientSignIn({
      app: clientApp,
      clientId: s.CLIENT_APP_ID,
      tenantId: s.CLIENT_TENANT_ID,
      authority: s.CLIENT_AUTHORITY,
      issuer: s.CLIENT_ISSUER,
      publicBaseUrl: s.PUBLIC_BASE_URL,
    }),
    directory: graphClientDirectory({
      app: clientApp,
      graphBaseUrl: s.GRAPH_BASE_URL,
      identityIssuer: s.CLIENT_TENANT_DOMAIN ?? s.CLIENT_TENANT_ID,
    }),
    clients: tableClientStore(tables),
    endedSessions: tableEndedSessions(tables),
  };
  const twoStep: TwoStepDeps = {
    clock,
    // The secrets sealed under their own keys (TWO_STEP_KEYS), apart from the session keys.
    store: tableTwoStepStore(tables, textSealer(s.TWO_STEP_KEYS, 'two-step-secret')),
    crypto: nodeTwoStepCrypto,
  };
  const clientFiles: ClientFileDeps = {
    clock,
    ids: systemIds,
    files: tableClientFileStore(tables),
    codes: createClientCodes(s.SESSION_KEYS),
    phones: phoneNumbers,
    clients: onboarding.clients,
    invitations: invitations.invitations,
  };
  onboarding.clientFiles = clientFiles;
  const roster = tableProfessionalRoster(tables);
  const consoleDeps: ConsoleDeps | undefined =
    s.CONSOLE_APP_ID && s.CONSOLE_APP_CERTIFICATE
      ? {
          clock,
          signIn: msalProfessionalSignIn({
            app: consoleApp(s, s.CONSOLE_APP_ID, s.CONSOLE_APP_CERTIFICATE),
            clientId: s.CONSOLE_APP_ID,
            tenantId: s.WORKFORCE_TENANT_ID,
            authorityHost: s.WORKFORCE_AUTHORITY_HOST,
            issuer: s.WORKFORCE_ISSUER,
            publicBaseUrl: s.PUBLIC_BASE_URL,
          }),
          providers,
          endedSessions: onboarding.endedSessions,
          invitations: invitations.invitations,
          roster,
        }
      : undefined;
  // The code travels sealed on the file for the dispatcher only, under its own key derivation.
  const sealer = textSealer(s.SESSION_KEYS, 'activation-sms-code');
  const smsQueue = storageSmsQueue(storage.queues);
  const activationSms: Deps['activationSms'] = {
    send: {
      clock,
      ids: systemIds,
      clientFiles: clientFiles.files,
      codes: clientFiles.codes,
      sealer,
      phones: phoneNumbers,
      limits: invitations.limits,
      smsQueue,
      providers,
      smsCountries: s.SMS_COUNTRIES,
      smsDailyBudget: s.SMS_DAILY_BUDGET,
    },
    dispatch: {
      clock,
      clientFiles: clientFiles.files,
      providers,
      sealer,
      composer: activationSmsComposer,
      // The dispatcher owns retries: the sender has none.
      sms: acsSmsSender(acs.acs, s.SMS_SENDER),
      smsQueue,
      pacer: tableSmsPacer(tables, clock, s.SMS_QUOTA_PER_MINUTE),
      retryBaseSeconds: s.SMS_RETRY_BASE_SECONDS,
    },
    reports: { clientFiles: clientFiles.files },
  };
  const accountEmailDispatch: DispatchAccountEmailDeps = {
    clock,
    ids: systemIds,
    store: tableAccountEmailStore(tables),
    queue: storageAccountEmailQueue(storage.queues),
    // The reset link travels sealed on the row for the dispatcher only, under its own key derivation.
    sealer: textSealer(s.SESSION_KEYS, 'account-email-link'),
    composer: accountEmailComposer(s.EMAIL_SENDER_NAME),
    // One ACS resource: the same sender, and the same send slots as invitations.
    email: dispatch.email,
    pacer: invitations.pacer,
    retryBaseSeconds: s.EMAIL_RETRY_BASE_SECONDS,
  };
  const accountEmails = accountEmailOutbox(accountEmailDispatch);
  const resetKeys = createLinkKeys(s.SESSION_KEYS);
  const resetTokens = tableResetTokenStore(tables);
  const passwordReset: Deps['passwordReset'] = {
    request: { clock, limits: invitations.limits, resetRequests: storageResetRequestQueue(storage.queues) },
    worker: {
      clock,
      limits: invitations.limits,
      clientTenantId: s.CLIENT_TENANT_ID,
      directory: onboarding.directory,
      clients: onboarding.clients,
      providers,
      clientFiles: clientFiles.files,
      keys: resetKeys,
      tokens: resetTokens,
      accountEmails,
      resetLink: (token) => `${s.PUBLIC_BASE_URL}/api/ResetPassword?${new URLSearchParams({ token }).toString()}`,
    },
    confirm: {
      clock,
      keys: resetKeys,
      tokens: resetTokens,
      directory: onboarding.directory,
      accountEmails,
      clients: onboarding.clients,
    },
  };
  const passwords: Deps['passwords'] = {
    temporary: {
      clock,
      files: clientFiles.files,
      clients: onboarding.clients,
      directory: onboarding.directory,
      providers,
      accountEmails,
      random: cryptoRandom,
    },
    change: { clock, directory: onboarding.directory, accountEmails, clients: onboarding.clients },
  };
  const erasure: ErasureDeps = {
    clock,
    files: clientFiles.files,
    invitations: invitations.invitations,
    clients: onboarding.clients,
    directory: onboarding.directory,
    resetTokens,
    accountEmails: accountEmailDispatch.store,
  };
  const signInEmail: SignInEmailDeps = {
    clock,
    clients: onboarding.clients,
    directory: onboarding.directory,
    codes: clientFiles.codes,
    limits: invitations.limits,
    accountEmails,
    files: clientFiles.files,
  };
  return {
    twoStepHelp: {
      record: { clock, roster, providers },
      ask: { clock, limits: invitations.limits, roster, providers, accountEmails },
    },
    twoStepOff: { ...clientFiles, twoStep: tableTwoStepSwitch(tables), providers, accountEmails },
    settings: s,
    tableBackups: { clock, backups: tableBackups(s) },
    retention: {
      clock,
      retention: tableRetentionStore(tables),
      files: clientFiles.files,
      invitations: invitations.invitations,
      erasure,
    },
    accountEmails,
    accountEmailDispatch,
    passwords,
    signInEmail,
    erasureRequest: { clock, files: clientFiles.files },
    releaseEmail: {
      clock,
      files: clientFiles.files,
      clients: onboarding.clients,
      providers,
      directory: onboarding.directory,
    },
    twoStep,
    watch: { poisonQueues: storagePoisonQueues(storage.queues) },
    activationSms,
    passwordReset,
    console: consoleDeps,
    consoleSessions: consoleSessions(s.SESSION_KEYS, {
      lifetimeHours: s.CONSOLE_SESSION_HOURS,
      idleMinutes: s.CONSOLE_IDLE_MINUTES,
    }),
    health: healthProbes({
      ...storage,
      ...acs,
      clientTenantApp: clientApp,
      smsSender: s.SMS_SENDER,
      workforce: { authorityHost: s.WORKFORCE_AUTHORITY_HOST, tenantId: s.WORKFORCE_TENANT_ID },
    }),
    ...storage,
    ...acs,
    clientTenantApp: clientApp,
    onboarding,
    sessions: sessions(s.SESSION_KEYS),
    professionalTokens,
    invitations,
    dispatch,
    deliveryReports: {
      clock,
      invitations: invitations.invitations,
      batches: invitations.batches,
      accountEmails: accountEmailDispatch.store,
    },
    bulk: invitations,
    auth: { professionalTokens, providers },
    idempotency: tableIdempotencyStore(tables, textSealer(s.SESSION_KEYS, 'idempotency-answer')),
    clientFiles,
    erasure,
    clientAccess: { ...clientFiles, accounts: onboarding.clients },
    devices: {
      clock,
      ids: systemIds,
      files: clientFiles.files,
      codes: clientFiles.codes,
      credentials: createDeviceCredentials(s.SESSION_KEYS, s.PUBLIC_BASE_URL),
      providers,
      accounts: onboarding.clients,
      twoStep,
      // Entra's own password changes: Graph asked at most once per DEVICE_CREDENTIAL_CHECK_SECONDS per account.
      passwordChanges: cachedPasswordChanges(onboarding.directory, clock, {
        freshForMs: s.DEVICE_CREDENTIAL_CHECK_SECONDS * 1000,
      }),
    },
  };
}

/** The process's dependencies, built on first use. */
export function getDeps(): Deps {
  deps ??= buildDeps(settings());
  return deps;
}
