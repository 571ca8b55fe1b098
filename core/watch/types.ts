/** The change events of `pbx.watch()`. */
import type { Cdr, GroupMember, QueueMembership, User } from '../model.js';

/** What every change event carries. */
export interface EventBase {
  /**
   * Stable id: the same change gets the same id when it is observed again (after a restart from
   * an earlier cursor), so receivers can de-duplicate. 24 hex characters.
   */
  readonly id: string;
  readonly vendor: string;
  /** When the poll that saw the change was made (client clock). */
  readonly observedAt: Date;
  /** Resume after this event: pass it as `watch({ cursor })`. Opaque. */
  readonly cursor: string;
}

export type UserEvent =
  | (EventBase & { readonly type: 'user.created'; readonly entity: User })
  | (EventBase & {
      readonly type: 'user.updated';
      readonly entity: User;
      /** The changed fields, with their values before and after. */
      readonly changes: Readonly<Record<string, { readonly from: unknown; readonly to: unknown }>>;
    })
  | (EventBase & { readonly type: 'user.deleted'; readonly entity: User });

export type GroupEvent = EventBase & {
  readonly type: 'group.member_added' | 'group.member_removed';
  readonly entity: GroupMember;
  readonly group: { readonly id: string; readonly name: string };
};

export type QueueEvent = EventBase & {
  readonly type: 'queue.agent_added' | 'queue.agent_removed' | 'queue.agent_logged_in' | 'queue.agent_logged_out' | 'queue.agent_status_changed';
  readonly entity: QueueMembership;
  readonly queue: { readonly id: string; readonly name: string };
  /** For status changes and log-ins/outs: the state before. */
  readonly previous?: { readonly loggedIn: boolean; readonly status: QueueMembership['status'] };
};

export type CdrEvent = EventBase & { readonly type: 'cdr.created'; readonly entity: Cdr };

/** A change observed on the PBX. */
export type WatchEvent = UserEvent | GroupEvent | QueueEvent | CdrEvent;
export type WatchEventType = WatchEvent['type'];

export const WATCH_EVENT_TYPES: readonly WatchEventType[] = [
  'user.created',
  'user.updated',
  'user.deleted',
  'group.member_added',
  'group.member_removed',
  'queue.agent_added',
  'queue.agent_removed',
  'queue.agent_logged_in',
  'queue.agent_logged_out',
  'queue.agent_status_changed',
  'cdr.created',
];

/**
 * The events of one watch. Iterate it once. `cursor` is where it stands: after the last event
 * handed out (and after the first poll's snapshot, which emits nothing) — store it when idle too,
 * so a restart does not take a new baseline and miss what changed while it was down.
 */
export interface WatchStream extends AsyncIterable<WatchEvent> {
  readonly cursor: string | undefined;
}
