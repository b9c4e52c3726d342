/**
 * Providers and their professionals. A provider (GFMS, an agency, an advisory firm) brings its clients onto a
 * platform ("My rConnect"); its professionals act for it with an Entra bearer token. A professional sees only
 * their own provider's invitations and clients.
 */

export type ProviderStatus = 'active' | 'inactive';

export interface Provider {
  id: string;
  /** The business, as clients know it: "GFMS". */
  name: string;
  /** The portal or app clients are invited to: "My rConnect". */
  platformName: string;
  /** One sentence on what the platform does for clients, shown in invitations. */
  platformDescription: string;
  /** Where clients write for help. */
  supportEmail: string;
  /** The provider's portal, where the welcome page's links lead (e.g. https://myrconnect.gfms.example). */
  portalUrl?: string;
  status: ProviderStatus;
}

export type ProfessionalRole = 'Invitations.Send' | 'Clients.Manage';

/** Who is calling, as proven by a verified workforce access token. */
export interface Professional {
  tenantId: string;
  /** The user's object id, or the calling app's service principal id for app-only tokens. */
  oid: string;
  /** Client id of the calling app (`azp`/`appid`). */
  appId: string;
  /** A person's name for delegated tokens; the app's id for app-only tokens. */
  name: string;
  kind: 'user' | 'app';
  roles: ProfessionalRole[];
}

/** A professional together with the provider they act for. */
export interface ActingProfessional extends Professional {
  providerId: string;
}
