/**
 * The open registry: a vendor registered at runtime is known to createPbx, the DI module, the
 * capability table and isVendorId; bad definitions are refused with a ValidationError; the
 * simulator is registered apart.
 */
import 'reflect-metadata';
import { Container } from 'inversify';
import { afterEach, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../core/capabilities.js';
import { isPbxError } from '../../core/errors.js';
import { completeManifest } from '../../core/manifest.js';
import type { PbxAdapter } from '../../core/port.js';
import type { VendorDefinition } from '../../core/vendor.js';
import { capabilityMarkdown } from '../../src/capability-table.js';
import { createPbx, type CreatePbxOptions } from '../../src/create.js';
import { PBX_TYPES, unipbxModule } from '../../src/di.js';
import { BUILTIN_VENDOR_IDS, VENDOR_IDS, getVendor, isVendorId, registerVendor } from '../../src/registry.js';
import { hasSimulator, registerSimulator, simulatedVendorIds, startSimulator } from '../../src/simulator.js';
import { SimulatorPlumbing } from '../../core/sim/instance.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((undo) => undo()));

function definition(id: string, overrides: Partial<VendorDefinition> = {}): VendorDefinition {
  const capabilities = completeManifest({ 'users.get': { support: 'native', requests: 1 } }, () => 'the test vendor only reads users');
  return {
    id,
    name: `Test PBX ${id}`,
    capabilities,
    createAdapter: (options) =>
      ({
        vendor: id,
        capabilities,
        users: { get: async (userId: string) => ({ id: userId, displayName: `user ${userId} at ${options.baseUrl}`, vendor: id, raw: {} }) },
        groups: {},
        queues: {},
        cdrs: {},
        request: async () => ({ status: 200, headers: new Headers(), body: undefined }),
        close: async () => undefined,
      }) as PbxAdapter,
    ...overrides,
  };
}

const refusal = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('registerVendor', () => {
  it('makes a vendor known to createPbx, isVendorId, the capability table and the DI module; unregistering forgets it', async () => {
    cleanups.push(registerVendor(definition('zeta')));
    expect(isVendorId('zeta')).toBe(true);
    expect(VENDOR_IDS).toContain('zeta');
    expect(BUILTIN_VENDOR_IDS).not.toContain('zeta');
    const client = createPbx({ vendor: 'zeta', baseUrl: 'https://zeta.test' } as unknown as CreatePbxOptions);
    expect(await client.users.get('7')).toMatchObject({ id: '7', displayName: 'user 7 at https://zeta.test' });
    expect(client.supports('users.list')).toBe(false);
    expect(capabilityMarkdown(VENDOR_IDS).split('\n')[0]).toContain('Test PBX zeta');
    expect(capabilityMarkdown().split('\n')[0]).not.toContain('Test PBX zeta');
    const container = new Container();
    container.load(unipbxModule);
    expect(container.get<VendorDefinition>(PBX_TYPES.Vendor, { name: 'zeta' }).id).toBe('zeta');
    cleanups.pop()!();
    expect(isVendorId('zeta')).toBe(false);
    expect(isPbxError(refusal(() => createPbx({ vendor: 'zeta', baseUrl: 'https://zeta.test' } as unknown as CreatePbxOptions)), 'VALIDATION_FAILED')).toBe(true);
  });

  it('registering the same definition twice is a no-op; another definition under a taken id is refused', () => {
    const zeta = definition('zeta');
    cleanups.push(registerVendor(zeta));
    expect(() => registerVendor(zeta)).not.toThrow();
    expect(VENDOR_IDS.filter((id) => id === ('zeta' as string))).toHaveLength(1);
    expect(isPbxError(refusal(() => registerVendor(definition('zeta'))), 'VALIDATION_FAILED')).toBe(true);
    expect(isPbxError(refusal(() => registerVendor(definition('portsip'))), 'VALIDATION_FAILED')).toBe(true);
    expect(getVendor('zeta')).toBe(zeta);
  });

  it.each([
    ['an invalid id', definition('Not An Id')],
    ['a manifest missing an operation', definition('zeta', { capabilities: Object.fromEntries(OPERATIONS.slice(1).map((op) => [op, { support: 'unsupported', reason: 'x' }])) as VendorDefinition['capabilities'] })],
    ['no createAdapter', definition('zeta', { createAdapter: undefined as never })],
  ])('refuses %s with a ValidationError', (_what, bad) => {
    expect(isPbxError(refusal(() => registerVendor(bad)), 'VALIDATION_FAILED')).toBe(true);
    expect(isVendorId('zeta')).toBe(false);
  });
});

describe('registerSimulator', () => {
  it('a registered vendor has no simulator until one is registered apart; then startSimulator serves it', async () => {
    cleanups.push(registerVendor(definition('zeta')));
    expect(hasSimulator('zeta')).toBe(false);
    await expect(startSimulator('zeta' as never)).rejects.toThrow(/no simulator for vendor "zeta"/);
    const create = () => {
      const plumbing = new SimulatorPlumbing({ errorBody: (status, message) => ({ status, message }), expireSessions: () => undefined });
      const handler = plumbing.wrap(async (request) => Response.json({ path: new URL(request.url).pathname }), () => new Response(null, { status: 400 }));
      return plumbing.instance({ vendor: 'zeta', handler: { fetch: handler }, basePath: '/api', credentials: { token: 't' }, facts: { missingId: '0', freeExtension: '1' } });
    };
    cleanups.push(registerSimulator('zeta', async () => ({ vendor: 'zeta', create })));
    expect(simulatedVendorIds()).toEqual([...BUILTIN_VENDOR_IDS.filter(hasSimulator), ...VENDOR_IDS.filter((id) => !BUILTIN_VENDOR_IDS.includes(id) && hasSimulator(id))]);
    const sim = await startSimulator('zeta' as never);
    try {
      expect(await (await fetch(`${sim.url}/users`)).json()).toEqual({ path: '/api/users' });
      expect(sim.requestCount()).toBe(1);
    } finally {
      await sim.close();
    }
    expect(() => registerSimulator('zeta', { vendor: 'zeta', create })).toThrow(/already registered/);
  });
});
