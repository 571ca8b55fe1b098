/**
 * The desired-state document: the published JSON Schema is the one generated from the zod
 * schema, editors' validation (ajv on that schema) agrees with ours on good and bad
 * documents, and the parser names bad fields.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { isPbxError } from '../../core/errors.js';
import { desiredStateJsonSchema, parseDesiredState } from '../../src/provisioning/document.js';

const published = JSON.parse(readFileSync(new URL('../../docs/provisioning.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const GOOD = `
version: 1
users:
  - { extension: "1001", email: ada@example.com, displayName: Ada Lovelace, department: R&D }
  - { email: grace@example.com, firstName: Grace, lastName: Hopper, enabled: false }
teams:
  - { name: Support, members: ["1001", grace@example.com] }
queues:
  - name: Sales
    agents: [{ user: "1001", skillLevel: 5 }]
`;

describe('the desired-state document', () => {
  it('docs/provisioning.schema.json is current (npm run gen:provisioning-schema)', () => {
    expect(published).toEqual(JSON.parse(JSON.stringify(desiredStateJsonSchema())));
  });

  it('a good document passes both zod and the JSON Schema', async () => {
    const { parse } = await import('yaml');
    const validate = new (Ajv2020 as unknown as typeof Ajv2020.default)({ strict: false }).compile(published);
    expect(validate(parse(GOOD))).toBe(true);
    const doc = parseDesiredState(GOOD);
    expect(doc.users).toHaveLength(2);
    expect(doc.teams[0]!.members).toEqual(['1001', 'grace@example.com']);
  });

  it.each([
    ['an unknown key', 'version: 1\nusers:\n  - { extension: "1001", nickname: x }\n', 'users.0'],
    ['a user without a key', 'version: 1\nusers:\n  - { displayName: Nobody }\n', 'users.0'],
    ['a bad mobile number', 'version: 1\nusers:\n  - { extension: "1001", mobile: "0701234567" }\n', 'users.0.mobile'],
    ['a member who is not a user of the document', 'version: 1\nusers: [{ extension: "1001" }]\nteams: [{ name: T, members: ["1002"] }]\n', 'teams.0.members.0'],
    ['a user listed twice', 'version: 1\nusers: [{ extension: "1001" }, { extension: "1001" }]\n', 'users.1'],
    ['another version', 'version: 2\n', 'version'],
    ['not YAML at all', 'version: [1\n', ''],
  ])('refuses %s, naming the field', (_name, text, field) => {
    let error: unknown;
    try {
      parseDesiredState(text, 'tenant.yaml');
    } catch (e) {
      error = e;
    }
    expect(isPbxError(error, 'VALIDATION_FAILED')).toBe(true);
    expect((error as { issues: Array<{ field: string }> }).issues.map((i) => i.field)).toContain(field);
  });
});
