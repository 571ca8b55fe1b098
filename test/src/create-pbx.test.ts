import { describe, expect, it } from 'vitest';
import { createPbx, type CreatePbxOptions } from '../../src/create.js';
import { isPbxError } from '../../core/errors.js';

const base = { vendor: 'portsip', baseUrl: 'https://pbx.test:8887', credentials: { username: 'u', password: 'canary-S3cr3t-PA55' } } as const;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

describe('createPbx', () => {
  it('builds a client for a registered vendor without sending anything', () => {
    const client = createPbx(base);
    expect(client.vendor).toBe('portsip');
    expect(client.supports('users.list')).toBe(true);
  });

  it.each([
    ['an unknown vendor', { ...base, vendor: 'no-such-vendor' }, 'vendor'],
    ['a non-http base URL', { ...base, baseUrl: 'ftp://pbx.test' }, 'baseUrl'],
    ['a misspelt option', { ...base, timeoutMS: 5 }, ''],
    ['missing credentials', { vendor: 'portsip', baseUrl: 'https://pbx.test' }, 'credentials'],
    ['a negative timeout', { ...base, timeoutMs: -1 }, 'timeoutMs'],
  ])('refuses %s with a ValidationError naming the field', (_what, options, field) => {
    const error = thrown(() => createPbx(options as unknown as CreatePbxOptions));
    expect(isPbxError(error, 'VALIDATION_FAILED')).toBe(true);
    expect((error as { issues: { field: string }[] }).issues.some((i) => i.field.startsWith(field))).toBe(true);
  });

  it('never puts the password into a validation error', () => {
    const error = thrown(() => createPbx({ ...base, timeoutMs: 'soon' } as unknown as CreatePbxOptions));
    expect(JSON.stringify(error)).not.toContain('canary-S3cr3t-PA55');
    expect(String((error as Error).stack)).not.toContain('canary-S3cr3t-PA55');
  });
});
