/** The input schemas and parseInput: what callers may pass, and how refusals are reported. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import {
  CallOptionsSchema,
  CdrQuerySchema,
  E164Schema,
  EmailSchema,
  ExtensionSchema,
  IdSchema,
  ListOptionsSchema,
  parseInput,
  toFieldIssues,
} from '../../core/inputs.js';
import { AgentOptionsSchema, GroupCreateInputSchema, GroupPatchSchema, UserRefSchema } from '../../core/inputs-contact-centre.js';
import { UserCreateInputSchema, UserPatchSchema } from '../../core/inputs-users.js';

const ok = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

describe('scalar schemas', () => {
  it('IdSchema: non-empty, trimmed, ≤ 256 chars, no control characters', () => {
    expect(IdSchema.parse(' abc ')).toBe('abc');
    expect(IdSchema.parse('0')).toBe('0');
    expect(IdSchema.parse('a/b?c%d')).toBe('a/b?c%d');
    expect(ok(IdSchema, 'x'.repeat(256))).toBe(true);
    for (const bad of ['', '   ', 'x'.repeat(257), 'a\u0000b', 'a\u001fb', 'a\u007fb', 'a\nb', 42, null, undefined]) expect(ok(IdSchema, bad), JSON.stringify(bad)).toBe(false);
  });

  it('ExtensionSchema: 2 to 32 digits', () => {
    expect(ExtensionSchema.parse(' 101 ')).toBe('101');
    expect(ok(ExtensionSchema, '10')).toBe(true);
    expect(ok(ExtensionSchema, '1'.repeat(32))).toBe(true);
    for (const bad of ['1', '1'.repeat(33), '10a', '+101', '1 01', '', 101]) expect(ok(ExtensionSchema, bad), String(bad)).toBe(false);
  });

  it('EmailSchema', () => {
    expect(ok(EmailSchema, 'ann@example.test')).toBe(true);
    expect(ok(EmailSchema, 'ann.b+tag@sub.example.com')).toBe(true);
    for (const bad of ['ann', 'ann@', '@example.test', 'ann@@example.test', 'ann example@x.test', '', `${'a'.repeat(250)}@example.test`]) expect(ok(EmailSchema, bad), bad).toBe(false);
  });

  it('E164Schema: +, no leading zero, at most 15 digits', () => {
    for (const good of ['+46701234567', '+12', '+123456789012345']) expect(ok(E164Schema, good), good).toBe(true);
    for (const bad of ['46701234567', '+0701234567', '+1', '+1234567890123456', '+46 70 123', '+46-70', '']) expect(ok(E164Schema, bad), bad).toBe(false);
  });
});

describe('object schemas', () => {
  const user = { extension: '1001', displayName: 'Ann', email: 'ann@example.test' };

  it('UserCreateInputSchema accepts a minimal and a full input', () => {
    expect(UserCreateInputSchema.parse(user)).toEqual(user);
    const full = { ...user, username: 'ann', firstName: 'Ann', lastName: 'E', mobile: '+46701234567', role: 'admin', department: 'Sales', enabled: true, password: 'pw', sipPassword: 'sip', voicemailPin: '1234' };
    expect(UserCreateInputSchema.parse(full)).toEqual(full);
  });

  it('UserCreateInputSchema refuses unknown keys and bad values', () => {
    expect(ok(UserCreateInputSchema, { ...user, extra: 1 })).toBe(false);
    expect(ok(UserCreateInputSchema, { ...user, displayName: '  ' })).toBe(false);
    expect(ok(UserCreateInputSchema, { ...user, voicemailPin: '12345678901' })).toBe(false);
    expect(ok(UserCreateInputSchema, { ...user, password: '' })).toBe(false);
    expect(ok(UserCreateInputSchema, { ...user, enabled: 'yes' })).toBe(false);
    expect(ok(UserCreateInputSchema, { extension: '1001', email: 'a@b.test' })).toBe(false);
  });

  it('patches must change at least one field and know every key', () => {
    expect(ok(UserPatchSchema, { enabled: false })).toBe(true);
    expect(ok(UserPatchSchema, {})).toBe(false);
    expect(ok(UserPatchSchema, { displayName: undefined })).toBe(false);
    expect(ok(UserPatchSchema, { extension: '1002', enabled: true })).toBe(false);
    expect(ok(GroupPatchSchema, { description: '' })).toBe(true);
    expect(ok(GroupPatchSchema, {})).toBe(false);
  });

  it('GroupCreateInputSchema defaults the kind to team', () => {
    expect(GroupCreateInputSchema.parse({ name: ' Sales ' })).toEqual({ name: 'Sales', kind: 'team' });
    expect(ok(GroupCreateInputSchema, { name: 'x'.repeat(65) })).toBe(false);
  });

  it('UserRefSchema needs an id or an extension', () => {
    expect(ok(UserRefSchema, { id: '1' })).toBe(true);
    expect(ok(UserRefSchema, { extension: '1001' })).toBe(true);
    expect(ok(UserRefSchema, { id: '1', extension: '1001' })).toBe(true);
    expect(ok(UserRefSchema, {})).toBe(false);
    expect(ok(UserRefSchema, { id: '' })).toBe(false);
  });

  it('AgentOptionsSchema: skill level 1–100, integer', () => {
    expect(ok(AgentOptionsSchema, {})).toBe(true);
    expect(ok(AgentOptionsSchema, { skillLevel: 100 })).toBe(true);
    for (const bad of [0, 101, 1.5]) expect(ok(AgentOptionsSchema, { skillLevel: bad })).toBe(false);
  });

  it('ListOptionsSchema: page size 1–1000, cursor 1–512 characters', () => {
    expect(ok(ListOptionsSchema, { pageSize: 1, cursor: 'x' })).toBe(true);
    for (const bad of [{ pageSize: 0 }, { pageSize: 1001 }, { pageSize: 2.5 }, { cursor: '' }, { cursor: 'x'.repeat(513) }, { other: 1 }]) expect(ok(ListOptionsSchema, bad), JSON.stringify(bad)).toBe(false);
  });

  it('CallOptionsSchema: AbortSignal and positive integer ms', () => {
    expect(ok(CallOptionsSchema, { signal: new AbortController().signal, timeoutMs: 1, deadlineMs: 2_147_483_647 })).toBe(true);
    for (const bad of [{ signal: {} }, { timeoutMs: 0 }, { timeoutMs: 2_147_483_648 }, { deadlineMs: -1 }]) expect(ok(CallOptionsSchema, bad)).toBe(false);
  });
});

describe('CdrQuerySchema', () => {
  it('accepts Dates, ISO strings and epoch numbers; defaults the scope', () => {
    const parsed = CdrQuerySchema.parse({ from: '2024-01-01T00:00:00Z', to: Date.UTC(2024, 1, 1) });
    expect(parsed).toEqual({ from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-02-01T00:00:00Z'), scope: 'tenant' });
  });

  it('from may equal to, not come after it', () => {
    expect(ok(CdrQuerySchema, { from: '2024-01-01', to: '2024-01-01' })).toBe(true);
    const result = CdrQuerySchema.safeParse({ from: '2024-01-02', to: '2024-01-01' });
    expect(result.success).toBe(false);
    expect(toFieldIssues(result.error!)).toEqual([{ field: 'from', message: '`from` must not be after `to`' }]);
  });

  it('refuses invalid dates, userId with scope self, and unknown keys', () => {
    expect(toFieldIssues(CdrQuerySchema.safeParse({ to: 'not a date' }).error!)).toEqual([{ field: 'to', message: 'must be a valid date (a Date or an ISO 8601 string)' }]);
    expect(toFieldIssues(CdrQuerySchema.safeParse({ scope: 'self', userId: '1' }).error!).map((i) => i.field)).toEqual(['userId']);
    expect(ok(CdrQuerySchema, { scope: 'everyone' })).toBe(false);
    expect(ok(CdrQuerySchema, { caller: '1001' })).toBe(false);
    expect(ok(CdrQuerySchema, { from: new Date(Number.NaN) })).toBe(false);
  });
});

describe('parseInput', () => {
  it('returns the parsed value', () => {
    expect(parseInput(IdSchema, ' 7 ', 'id')).toBe('7');
  });

  it('throws a client ValidationError naming the argument, the operation and every field', () => {
    let error: unknown;
    try {
      parseInput(UserCreateInputSchema, { extension: 'x', displayName: 'A', email: 'nope' }, 'input', { vendor: 'acme', operation: 'users.create' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v).toMatchObject({ code: 'VALIDATION_FAILED', source: 'client', vendor: 'acme', operation: 'users.create', retryable: false });
    expect(v.issues).toEqual([
      { field: 'extension', message: 'must be 2 to 32 digits' },
      { field: 'email', message: 'must be an email address' },
    ]);
    expect(v.message).toBe('users.create: invalid input: extension: must be 2 to 32 digits; email: must be an email address');
  });

  it('whole-input issues have an empty field and no "field:" prefix', () => {
    expect(() => parseInput(IdSchema, '', 'id')).toThrow(/^invalid id: must not be empty$/);
  });

  it('nested paths are dotted', () => {
    const schema = z.object({ items: z.array(z.object({ n: z.number() })) });
    expect(toFieldIssues(schema.safeParse({ items: [{ n: 1 }, { n: 'x' }] }).error!).map((i) => i.field)).toEqual(['items.1.n']);
  });
});
