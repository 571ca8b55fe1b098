/** Every VoIPStudio fixture is valid JSON, described in the fixtures README, and used by a test. */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, fixture, fixtureNames } from './support/fixtures.js';

const readme = readFileSync(`${FIXTURES_DIR}README.md`, 'utf8');
const sources = (dir: URL) => readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(new URL(f, dir), 'utf8'));
const tests = [...sources(new URL('.', import.meta.url)), ...sources(new URL('./support/', import.meta.url))].join('\n');

describe('VoIPStudio fixtures', () => {
  it.each(fixtureNames())('%s parses, is in the README and is used by a test', (name) => {
    expect(() => fixture(name as `${string}.json`)).not.toThrow();
    expect(readme).toContain(`\`${name}\``);
    expect(tests.includes(`'${name}'`), `${name} is not used by any test`).toBe(true);
  });

  it('error fixtures have VoIPStudio\'s error shape {message, errors: []}', () => {
    for (const name of fixtureNames().filter((n) => n.startsWith('error-'))) {
      const body = fixture(name as `${string}.json`);
      expect(typeof body.message).toBe('string');
      expect(Array.isArray(body.errors)).toBe(true);
    }
  });
});
