/** What the management functions of invitations share: their dependencies and the JSON of an invitation. */

import type { Settings } from '../shared/config.js';
import { getDeps } from '../shared/deps.js';
import { effectiveStatus, type Invitation } from '../shared/domain/invitation.js';
import type { IdempotencyStore } from '../shared/domain/ports.js';
import type { TimelineEvent } from '../shared/domain/timeline.js';
import type { BulkDeps } from '../shared/domain/use-cases/bulk-invitations.js';
import type { ProfessionalAuth } from '../shared/http/professional.js';
import { type InvitationJson, invitationJson } from './invitation-schema.js';

export interface InvitationManagementDeps {
  settings: Settings;
  auth: ProfessionalAuth;
  invitations: BulkDeps;
  idempotency: IdempotencyStore;
}

export function managementDeps(): InvitationManagementDeps {
  const deps = getDeps();
  return { settings: deps.settings, auth: deps.auth, invitations: deps.invitations, idempotency: deps.idempotency };
}

export function toJson(
  deps: InvitationManagementDeps,
  invitation: Invitation,
  timeline?: TimelineEvent[],
): InvitationJson {
  return invitationJson(
    invitation,
    effectiveStatus(invitation, deps.invitations.clock.now()),
    timeline ? { timeline } : {},
  );
}
