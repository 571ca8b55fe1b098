/** src/cli/parse.ts: option values, a bad one a commander InvalidArgumentError (exit 2). */
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { collect, integer, parseWhen } from '../../src/cli/parse.js';

describe('integer', () => {
  const limit = integer(1, 10);
  it('takes integers in range, refuses anything else', () => {
    expect([limit('1'), limit(' 10 '), integer(-5, 5)('-5')]).toEqual([1, 10, -5]);
    for (const bad of ['0', '11', '1.5', '1e1', '', 'ten', '0x5', '99999999999999999999']) expect(() => limit(bad), bad).toThrow(InvalidArgumentError);
    expect(() => limit('0')).toThrow('must be an integer from 1 to 10');
  });
});

describe('collect', () => {
  it('gathers every value of a repeatable option', () => {
    expect(collect('b', collect('a', undefined))).toEqual(['a', 'b']);
  });
});

describe('parseWhen', () => {
  const now = Date.parse('2025-06-02T09:30:00Z');
  it.each([
    ['now', '2025-06-02T09:30:00.000Z'],
    ['NOW', '2025-06-02T09:30:00.000Z'],
    ['today', '2025-06-02T00:00:00.000Z'],
    ['yesterday', '2025-06-01T00:00:00.000Z'],
    ['90m', '2025-06-02T08:00:00.000Z'],
    ['-12h', '2025-06-01T21:30:00.000Z'],
    ['7d', '2025-05-26T09:30:00.000Z'],
    ['2w', '2025-05-19T09:30:00.000Z'],
    ['2025-01-31', '2025-01-31T00:00:00.000Z'],
    ['2025-01-31T08:00:00Z', '2025-01-31T08:00:00.000Z'],
    ['2025-01-31T08:00:00+02:00', '2025-01-31T06:00:00.000Z'],
    ['2025-01-31T08:00:00.250Z', '2025-01-31T08:00:00.250Z'],
  ])('%s', (text, iso) => {
    expect(parseWhen(text, now).toISOString()).toBe(iso);
  });

  it.each(['', 'tomorrow', '12', '3y', '2025-13-45', '2025-06-31', '2024-02-30', '31/01/2025', '2025-01-31Tnoon', '1234567d'])('refuses %j', (text) => {
    expect(() => parseWhen(text, now)).toThrow(InvalidArgumentError);
  });
});
