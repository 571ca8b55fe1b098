/**
 * The desired-state document: users by natural key, their fields, team memberships and
 * queue agents with skill levels. YAML or JSON, validated with zod; the JSON Schema for
 * editors (docs/provisioning.schema.json) is generated from the same schema.
 *
 * No vendor ids anywhere: a user is its extension (or, without one, its email); teams and
 * queues are their names; members and agents name users by those keys. So a document read
 * from one vendor applies to another.
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import * as z from 'zod';
import { ValidationError } from '../../core/errors.js';
import { E164Schema, EmailSchema, ExtensionSchema, toFieldIssues } from '../../core/inputs.js';

const name = z.string().trim().min(1).max(64);

export const DesiredUserSchema = z
  .strictObject({
    extension: ExtensionSchema.optional().describe('Extension number: the natural key of the user (digits).'),
    email: EmailSchema.optional().describe('Email address: the natural key of a user without an extension.'),
    displayName: z.string().trim().min(1).max(1024).optional(),
    firstName: z.string().max(128).optional(),
    lastName: z.string().max(128).optional(),
    mobile: E164Schema.optional().describe('Mobile number, E.164 (+46701234567).'),
    department: z.string().max(128).optional(),
    enabled: z.boolean().optional(),
  })
  .refine((u) => u.extension !== undefined || u.email !== undefined, 'a user needs an extension or an email (its natural key)')
  .describe('A user. Fields left out are left as they are.');

/** A reference to a user of the document: its extension, or its email. */
const UserKeySchema = z.string().trim().min(1).max(254).describe('A user of this document: its extension, or its email.');

export const DesiredTeamSchema = z
  .strictObject({
    name: name.describe('Team name: its natural key. A missing team is created.'),
    members: z.array(UserKeySchema).default([]).describe('Every member of the team: members not listed are removed.'),
  })
  .describe('A team (group of kind team) and its complete member list.');

export const DesiredAgentSchema = z.strictObject({
  user: UserKeySchema,
  skillLevel: z.number().int().min(1).max(100).optional().describe('Skill level / priority 1–100, where the vendor has one.'),
});

export const DesiredQueueSchema = z
  .strictObject({
    name: name.describe('Queue name: its natural key. Queues are not created: the queue must exist.'),
    agents: z.array(DesiredAgentSchema).default([]).describe('Every agent of the queue: agents not listed are removed.'),
  })
  .describe('A call queue and its complete agent list.');

export const DesiredStateSchema = z
  .strictObject({
    version: z.literal(1).describe('Document format version.'),
    users: z.array(DesiredUserSchema).default([]),
    teams: z.array(DesiredTeamSchema).default([]),
    queues: z.array(DesiredQueueSchema).default([]),
  })
  .superRefine((doc, ctx) => {
    const keys = new Map<string, number>();
    doc.users.forEach((u, i) => {
      for (const key of userKeys(u)) {
        if (keys.has(key)) ctx.addIssue({ code: 'custom', path: ['users', i], message: `${key} is also user ${keys.get(key)}: natural keys must be unique` });
        keys.set(key, i);
      }
    });
    const unique = (list: ReadonlyArray<{ name: string }>, what: 'teams' | 'queues') => {
      const seen = new Set<string>();
      list.forEach((item, i) => {
        if (seen.has(item.name.toLowerCase())) ctx.addIssue({ code: 'custom', path: [what, i, 'name'], message: `${item.name} is listed twice` });
        seen.add(item.name.toLowerCase());
      });
    };
    unique(doc.teams, 'teams');
    unique(doc.queues, 'queues');
    const known = (key: string) => keys.has(key.toLowerCase()) || keys.has(key);
    doc.teams.forEach((t, i) =>
      t.members.forEach((m, j) => known(m) || ctx.addIssue({ code: 'custom', path: ['teams', i, 'members', j], message: `${m} is not a user of this document` })),
    );
    doc.queues.forEach((q, i) =>
      q.agents.forEach((a, j) => known(a.user) || ctx.addIssue({ code: 'custom', path: ['queues', i, 'agents', j, 'user'], message: `${a.user} is not a user of this document` })),
    );
  })
  .describe('unipbx desired state: users, team memberships and queue agents, vendor-neutral.');

export type DesiredState = z.output<typeof DesiredStateSchema>;
export type DesiredUser = z.output<typeof DesiredUserSchema>;
export type DesiredTeam = z.output<typeof DesiredTeamSchema>;
export type DesiredQueue = z.output<typeof DesiredQueueSchema>;

/** The keys a user is known by: its extension and its email (lower case). */
export function userKeys(user: { readonly extension?: string | undefined; readonly email?: string | undefined }): string[] {
  return [...(user.extension ? [user.extension] : []), ...(user.email ? [user.email.toLowerCase()] : [])];
}

/** The key a user is shown and referenced by: its extension, else its email. */
export function userKey(user: { readonly extension?: string | undefined; readonly email?: string | undefined }): string {
  return user.extension ?? user.email?.toLowerCase() ?? '';
}

/** Parses a YAML or JSON document (JSON is YAML) and validates it; `ValidationError` names every bad field. */
export function parseDesiredState(text: string, source = 'document'): DesiredState {
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new ValidationError(`${source}: not valid YAML/JSON: ${(error as Error).message.split('\n')[0]}`, [{ field: '', message: 'not valid YAML or JSON' }], 'client');
  }
  const result = DesiredStateSchema.safeParse(data);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error);
  const summary = issues.slice(0, 10).map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
  throw new ValidationError(`${source}: invalid desired state: ${summary}${issues.length > 10 ? ` (and ${issues.length - 10} more)` : ''}`, issues, 'client');
}

/** The document as YAML, with a pointer to its JSON Schema for editors. */
export function formatDesiredState(state: DesiredState): string {
  return `# yaml-language-server: $schema=https://unpkg.com/unipbx/docs/provisioning.schema.json\n${stringifyYaml(state, { lineWidth: 0 })}`;
}

/** The JSON Schema of the document (published as docs/provisioning.schema.json). */
export function desiredStateJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://unpkg.com/unipbx/docs/provisioning.schema.json',
    title: 'unipbx desired state',
    ...z.toJSONSchema(DesiredStateSchema, { io: 'input', unrepresentable: 'any' }),
  };
}
