/**
 * PortSIP's secret policies (adapters/portsip/policy.ts): the voicemail PIN policy the spec
 * states on `voicemail_pin` and the default tenant password policy, checked against an
 * independent reading of the spec text; generated secrets always satisfy them (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSecrets } from '../../adapters/portsip/map-user-write.js';
import { generatePassword, generateVoicemailPin, passwordProblems, voicemailPinProblems } from '../../adapters/portsip/policy.js';

/** Every three-character run the policies forbid: "000"…"999", "012"…"789" and "210"…"987" (and the same for letters). */
function forbiddenRuns(alphabet: string): string[] {
  const chars = [...alphabet];
  return chars.flatMap((c, i) => [
    c.repeat(3),
    ...(i + 2 < chars.length ? [chars.slice(i, i + 3).join(''), chars.slice(i, i + 3).reverse().join('')] : []),
  ]);
}
const DIGIT_RUNS = forbiddenRuns('0123456789');
const LETTER_RUNS = forbiddenRuns('abcdefghijklmnopqrstuvwxyz');

/** The spec's PIN policy, read independently of policy.ts. */
const pinOk = (pin: string): boolean => /^[0-9]{6,10}$/.test(pin) && !DIGIT_RUNS.some((run) => pin.includes(run));

/** The default tenant password policy, read independently of policy.ts. */
const passwordOk = (password: string, account: { name: string; extension: string }): boolean => {
  const lower = password.toLowerCase();
  return (
    password.length >= 6 &&
    password.length <= 32 &&
    /[A-Za-z]/.test(password) &&
    /[0-9]/.test(password) &&
    /[A-Z~!@#$%^&*()_+=]/.test(password) &&
    ![...DIGIT_RUNS, ...LETTER_RUNS].some((run) => lower.includes(run)) &&
    !lower.includes(account.extension) &&
    (account.name.length < 3 || !lower.includes(account.name.toLowerCase()))
  );
};

const account = fc.record({
  extension: fc.stringMatching(/^[0-9]{3,8}$/),
  name: fc.stringMatching(/^[A-Za-z0-9_'.-]{1,12}$/),
});

describe('voicemail PIN policy', () => {
  it.each(['482915', '135792', '0246813579', '906842'])('accepts %s', (pin) => {
    expect(voicemailPinProblems(pin)).toEqual([]);
  });

  it.each([
    ['12345', 'must be 6 to 10 digits'],
    ['12345678901', 'must be 6 to 10 digits'],
    ['48a915', 'must be 6 to 10 digits'],
    ['481115', 'repeating'],
    ['222222', 'repeating'],
    ['480125', 'sequential'],
    ['497895', 'sequential'],
    ['498765', 'sequential'],
  ])('refuses %s (%s), without quoting it', (pin, reason) => {
    const problems = voicemailPinProblems(pin);
    expect(problems.join(' ')).toContain(reason);
    expect(problems.join(' ')).not.toContain(pin);
  });

  it('agrees with the spec text on any digit string', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{4,11}$/), (pin) => (voicemailPinProblems(pin).length === 0) === pinOk(pin)), { numRuns: 2000 });
  });

  it('generated PINs always satisfy it', () => {
    fc.assert(
      fc.property(fc.integer(), () => {
        const pin = generateVoicemailPin();
        expect(pin).toMatch(/^[0-9]{6}$/);
        expect(pinOk(pin), pin).toBe(true);
        expect(voicemailPinProblems(pin)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('password policy (PortSIP tenant defaults)', () => {
  it.each([
    ['Adm1n-Pa55!word', []],
    ['short', ['must be 6 to 32 characters', 'must contain a digit', 'must contain an upper-case letter or a special character']],
    ['x1!'.repeat(11), ['must be 6 to 32 characters']],
    ['Password!', ['must contain a digit']],
    ['1234-5678', ['must contain a letter', 'must not contain three sequential characters (such as "abc" or "321")']],
    ['pa55word9', ['must contain an upper-case letter or a special character']],
    ['Paaa55!word', ['must not contain three repeating characters (such as "aaa")']],
    ['Xyz-5!word', ['must not contain three sequential characters (such as "abc" or "321")']],
    ['P4ss-ZYX-w0rd', ['must not contain three sequential characters (such as "abc" or "321")']],
  ])('%s', (password, problems) => {
    expect(passwordProblems(password)).toEqual(problems);
  });

  it('must not contain the user name or extension number (case-insensitively)', () => {
    expect(passwordProblems('My-Dana-P4ss', { name: 'dana', extension: '105' })).toEqual(['must not contain the user name or extension number']);
    expect(passwordProblems('My-P4ss-105!', { name: 'dana', extension: '105' })).toEqual(['must not contain the user name or extension number']);
    expect(passwordProblems('My-Dana-P4ss', { name: 'bob', extension: '105' })).toEqual([]);
  });

  it('generated passwords always satisfy it for the account they are made for', () => {
    fc.assert(
      fc.property(account, (who) => {
        const password = generatePassword(who);
        expect(password).toHaveLength(16);
        expect(passwordOk(password, who), password).toBe(true);
        expect(passwordProblems(password, who)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('createSecrets generates all three for the user being created (its name defaults to the extension)', () => {
    fc.assert(
      fc.property(account, fc.boolean(), ({ extension, name }, withUsername) => {
        const secrets = createSecrets({ extension, displayName: 'X', email: 'x@acme.example', ...(withUsername ? { username: name } : {}) });
        const who = { extension, name: withUsername ? name : extension };
        expect(passwordOk(secrets.password, who)).toBe(true);
        expect(passwordOk(secrets.extensionPassword, who)).toBe(true);
        expect(pinOk(secrets.voicemailPin)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
