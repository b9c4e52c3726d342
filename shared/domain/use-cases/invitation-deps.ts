/** What the invitation use cases need from the outside world. */
import type {
  BatchStore,
  Clock,
  DispatchQueue,
  EmailSender,
  Ids,
  InvitationEmailComposer,
  InvitationStore,
  Limits,
  LinkKeys,
  Links,
  ProviderDirectory,
} from '../ports.js';

export interface InvitationDeps {
  clock: Clock;
  ids: Ids;
  keys: LinkKeys;
  invitations: InvitationStore;
  dispatch: DispatchQueue;
  providers: ProviderDirectory;
  limits: Limits;
  links: Links;
}

export interface DispatchDeps extends InvitationDeps {
  email: EmailSender;
  composer: InvitationEmailComposer;
  /** First retry delay of a failed send, doubled at each try. */
  retryBaseSeconds: number;
  /** Progress counters of bulk invitations. */
  batches: Pick<BatchStore, 'countDelivery'>;
}
