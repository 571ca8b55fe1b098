import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { maskSecretFields } from '../../core/http/redact.js';
import { keepRaw } from '../../core/wire.js';

describe('secrets in raw payloads', () => {
  it('masks string and number values of secret-named keys at any depth, keeps everything else', () => {
    const payload = { id: 'u1', password: 'canary-S3cr3t', extension_password: 'sip-S3cr3t', voicemail_pin: 123456, enable_voicemail_pin: true, nested: [{ api_token: 'tok-S3cr3t', name: 'x' }], email: '' };
    const masked = maskSecretFields(payload);
    expect(masked).toEqual({ id: 'u1', password: '[REDACTED]', extension_password: '[REDACTED]', voicemail_pin: '[REDACTED]', enable_voicemail_pin: true, nested: [{ api_token: '[REDACTED]', name: 'x' }], email: '' });
    expect(JSON.stringify(masked)).not.toMatch(/S3cr3t|123456/);
    expect(payload.password).toBe('canary-S3cr3t'); // the input is not mutated
  });

  it('returns the same object when there is nothing to mask (no copying on the hot path)', () => {
    const cdr = { id: 'c1', caller: '101', nested: { a: 1 } };
    expect(maskSecretFields(cdr)).toBe(cdr);
  });

  it('keepRaw gives the model a raw payload without secrets', () => {
    const parsed = keepRaw(z.looseObject({ id: z.string() })).parse({ id: 'u1', password: 'canary-S3cr3t' });
    expect(parsed.raw).toEqual({ id: 'u1', password: '[REDACTED]' });
    expect(parsed.wire.id).toBe('u1');
  });
});
