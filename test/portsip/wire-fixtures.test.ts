/**
 * Every reply fixture in `adapters/portsip/fixtures/` is listed with the operation it is a
 * reply of, and validates against that operation's response schema in the vendor OpenAPI
 * subset (fixtures that deliberately carry 22.3 values must fail on those values only).
 */
import { describe, expect, it } from 'vitest';
import { responseBodyProblems } from '../../adapters/portsip/openapi/spec.js';
import { parsePortSipError } from '../../adapters/portsip/errors.js';
import { FIXTURES, fixture, fixtureFiles, without, type FixtureName, type FixtureUse } from '../support/portsip/fixtures.js';
import { SUBSET_OPERATIONS, replyProblems } from '../support/portsip/openapi.js';

const entries = Object.entries(FIXTURES) as Array<[FixtureName, FixtureUse]>;

describe('PortSIP reply fixtures', () => {
  it('every fixture file is listed with its operation, and every listed fixture exists', () => {
    expect(fixtureFiles()).toEqual(Object.keys(FIXTURES).sort());
  });

  it('every listed operation is one of the OpenAPI subset', () => {
    for (const [name, use] of entries) expect(SUBSET_OPERATIONS, name).toContain(use.operation);
  });

  it.each(entries.filter(([, use]) => use.status < 300 && !use.departs))('%s matches its response schema', (name, use) => {
    expect(replyProblems(use.operation, use.status, fixture(name))).toEqual([]);
  });

  it.each(entries.filter(([, use]) => use.departs))('%s departs from v22.0 only where it means to', (name, use) => {
    expect(replyProblems(use.operation, use.status, fixture(name))).not.toEqual([]);
    expect(replyProblems(use.operation, use.status, without(fixture(name), use.departs ?? []))).toEqual([]);
  });

  it.each(entries.filter(([, use]) => use.status >= 400))('%s is a PortSIP error body {errors:[{code, message}]}', (name, use) => {
    // The spec declares no schema for errors (4XX: "Error"); check the documented shape instead.
    expect(responseBodyProblems(use.operation, use.status, fixture(name))).toEqual([]);
    const info = parsePortSipError(fixture(name));
    expect(info?.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(info?.message).toBeTruthy();
  });

  // Regression: the vendor declares the sign_in reply as a `oneOf` of two object schemas that
  // require nothing, so every object matches both branches; ajv's exclusive `oneOf` used to
  // reject every valid reply (spec.ts now reads reply `oneOf`s as `anyOf`).
  it('responseBodyProblems accepts the documented sign_in replies (token and 2FA)', () => {
    expect(responseBodyProblems('POST /auth/sign_in', 200, fixture('token-sign-in.json'))).toEqual([]);
    expect(responseBodyProblems('POST /auth/sign_in', 200, fixture('token-2fa.json'))).toEqual([]);
  });
});
