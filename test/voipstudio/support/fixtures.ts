/** VoIPStudio reply fixtures (`adapters/voipstudio/fixtures/*.json`), named by scenario (see its README). */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../../../adapters/voipstudio/fixtures/', import.meta.url));

export type FixtureName = `${string}.json`;

/** A fresh copy of a fixture's parsed JSON. */
export function fixture(name: FixtureName): any {
  return JSON.parse(readFileSync(`${FIXTURES_DIR}${name}`, 'utf8')) as unknown;
}

export const fixtureNames = (): string[] => readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json'));
