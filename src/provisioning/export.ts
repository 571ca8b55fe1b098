/**
 * `exportState(pbx)`: what a PBX holds, as a desired-state document: users with their
 * fields, teams with their members, queues with their agents and skill levels. Vendor ids
 * never appear: users are keyed by extension (or email), teams and queues by name, so the
 * document applies to another vendor. What the vendor cannot read is returned beside it.
 */
import type { PbxClient } from '../../core/client.js';
import type { User } from '../../core/model.js';
import { DesiredStateSchema, DesiredUserSchema, userKey, type DesiredState } from './document.js';
import { USER_FIELDS } from './plan.js';
import { readState, type Unsupported } from './state.js';

export interface ExportResult {
  readonly document: DesiredState;
  readonly unsupported: readonly Unsupported[];
  /** What was left out: users with no extension or email to key them by, values the format refuses. */
  readonly skipped: readonly string[];
}

export async function exportState(pbx: PbxClient, options: { readonly signal?: AbortSignal } = {}): Promise<ExportResult> {
  const current = await readState(pbx, options.signal ? { signal: options.signal } : {});
  const skipped: string[] = [];
  const keyById = new Map<string, string>();
  const users = [];
  for (const user of [...current.users].sort(byKey)) {
    const key = userKey(user);
    if (!key) {
      skipped.push(`user ${user.id} (${user.displayName}): no extension or email to key it by`);
      continue;
    }
    keyById.set(user.id, key);
    const entry = documentUser(user);
    // A stored value the document format refuses (a mobile number that is not E.164) is left out, and said.
    const check = DesiredUserSchema.safeParse(entry);
    if (!check.success) {
      for (const issue of check.error.issues) {
        const field = String(issue.path[0] ?? '');
        if (field && field in entry) {
          delete entry[field];
          skipped.push(`user ${key}: ${field} not exported (${issue.message})`);
        }
      }
    }
    users.push(entry);
  }
  const keyOf = (m: { userId?: string | undefined; extension?: string | undefined }) => (m.userId ? keyById.get(m.userId) : undefined) ?? m.extension;
  const known = new Set(keyById.values());
  const teams = current.teams
    .filter((t) => t.members)
    .map((t) => ({ name: t.group.name, members: [...new Set((t.members ?? []).map(keyOf).filter((k): k is string => k !== undefined && known.has(k)))].sort() }));
  const queues = current.queues
    .filter((q) => q.agents)
    .map((q) => ({
      name: q.queue.name,
      agents: (q.agents ?? [])
        .map((a) => ({ user: keyOf(a), ...(a.skillLevel !== undefined ? { skillLevel: a.skillLevel } : {}) }))
        .filter((a): a is { user: string; skillLevel?: number } => a.user !== undefined && known.has(a.user))
        .sort((a, b) => a.user.localeCompare(b.user)),
    }));
  // Validated like any document: what export writes, plan and apply read back.
  const document = DesiredStateSchema.parse({ version: 1, users, teams, queues });
  return { document, unsupported: current.unsupported, skipped };
}

function documentUser(user: User): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (user.extension) out['extension'] = user.extension;
  for (const field of USER_FIELDS) {
    const value = user[field];
    if (value === undefined || value === '') continue;
    out[field] = field === 'email' && typeof value === 'string' ? value.toLowerCase() : value;
  }
  return out;
}

function byKey(a: User, b: User): number {
  return userKey(a).localeCompare(userKey(b), undefined, { numeric: true });
}
