/**
 * The registry's store as the CLI uses it (src/vendors.ts, without src/registry.ts): built-in
 * vendors are known by id before they are loaded, load on demand, cannot be taken over, and
 * `createPbxAsync` behaves like `createPbx`. Each test imports fresh module instances.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isPbxError } from '../../core/errors.js';
import type { VendorDefinition } from '../../core/vendor.js';
import type { CreatePbxOptions } from '../../src/create.js';

type Store = typeof import('../../src/vendors.js');
let store: Store;

beforeEach(async () => {
  vi.resetModules();
  store = await import('../../src/vendors.js');
});

describe('the lazy registry', () => {
  it('knows the built-in vendors by id before loading any, and loads only the one asked for', async () => {
    const [first, ...others] = store.BUILTIN_VENDOR_IDS;
    expect(store.VENDOR_IDS).toEqual(store.BUILTIN_VENDOR_IDS);
    expect(Object.keys(store.VENDORS)).toEqual([]);
    expect(store.isVendorId(first!)).toBe(true);
    expect(store.getVendor(first!)).toBeUndefined();
    const [a, b] = await Promise.all([store.loadVendor(first!), store.loadVendor(first!)]);
    expect(a?.id).toBe(first);
    expect(b).toBe(a);
    expect(store.getVendor(first!)).toBe(a);
    expect(Object.keys(store.VENDORS)).toEqual([first]);
    for (const id of others) expect(store.getVendor(id)).toBeUndefined();
    expect(await store.loadVendor('nope')).toBeUndefined();
  });

  it('the eager registry hands in the same definitions, in the same order (one list each, kept equal)', async () => {
    const loaded = await Promise.all(store.BUILTIN_VENDOR_IDS.map((id) => store.loadVendor(id)));
    const registry = await import('../../src/registry.js');
    expect(registry.BUILTIN_VENDOR_IDS).toEqual(store.BUILTIN_VENDOR_IDS);
    expect(registry.BUILTIN_VENDORS).toEqual(loaded);
    expect(registry.BUILTIN_VENDORS.map((v) => v.id)).toEqual(store.BUILTIN_VENDOR_IDS);
    expect(registry.VENDOR_IDS).toBe(store.VENDOR_IDS);
  });

  it('a built-in id cannot be taken by another definition before it is loaded', async () => {
    const [first] = store.BUILTIN_VENDOR_IDS;
    const impostor = { ...(await import('../../src/registry.js')).BUILTIN_VENDORS[0]!, name: 'Impostor' } as VendorDefinition;
    vi.resetModules();
    store = await import('../../src/vendors.js');
    let refusal: unknown;
    try {
      store.registerVendor(impostor);
    } catch (error) {
      refusal = error;
    }
    expect(isPbxError(refusal, 'VALIDATION_FAILED')).toBe(true);
    expect((refusal as Error).message).toContain(`vendor "${first}" is already registered`);
    expect((await store.loadVendor(first!))?.name).not.toBe('Impostor');
  });

  it('createPbxAsync loads the vendor, then does what createPbx does: the same client, or the same error', async () => {
    const [first] = store.BUILTIN_VENDOR_IDS;
    const { createPbx } = await import('../../src/create.js'); // with every built-in vendor loaded (src/registry.ts)
    vi.resetModules();
    const asynchronous = await import('../../src/vendors.js'); // a fresh store: nothing loaded
    const outcome = async (create: () => Promise<{ vendor: string; close(): Promise<void> }>) => {
      try {
        const client = await create();
        await client.close();
        return { vendor: client.vendor };
      } catch (error) {
        return { error: (error as Error).constructor.name, message: (error as Error).message };
      }
    };
    const cases: unknown[] = [
      { vendor: 'nope', baseUrl: 'https://pbx.test' },
      { baseUrl: 'https://pbx.test' },
      { vendor: first, baseUrl: 'not a url', credentials: {} },
      { vendor: first, baseUrl: 'https://pbx.test', credentials: { username: 'admin', password: 'secret' } },
    ];
    for (const options of cases) {
      const expected = await outcome(async () => createPbx(options as CreatePbxOptions));
      expect(await outcome(() => asynchronous.createPbxAsync(options as CreatePbxOptions)), JSON.stringify(options)).toEqual(expected);
    }
    expect(asynchronous.getVendor(first!)?.id).toBe(first);
    expect(Object.keys(asynchronous.VENDORS)).toEqual([first]);
  });
});
