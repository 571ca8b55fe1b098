import 'reflect-metadata';
import { Container } from 'inversify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PbxClient } from '../../core/client.js';
import type { VendorDefinition } from '../../core/vendor.js';
import { PBX_TYPES, pbxClientModule, unipbxModule, type PbxClientFactory } from '../../src/di.js';
import { VENDOR_IDS } from '../../src/registry.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator.js';
import type { CreatePbxOptions } from '../../src/create.js';

let sim: RunningSimulator<unknown>;
beforeAll(async () => {
  sim = await startSimulator('portsip', { users: 10, cdrs: 10 });
});
afterAll(() => sim.close());

const options = (): CreatePbxOptions => ({ vendor: 'portsip', baseUrl: sim.url, credentials: sim.credentials, fetch: sim.fetch } as CreatePbxOptions);

describe('inversify composition', () => {
  it('resolves every vendor by name and all of them with getAll', () => {
    const container = new Container();
    container.load(unipbxModule);
    for (const id of VENDOR_IDS) expect(container.get<VendorDefinition>(PBX_TYPES.Vendor, { name: id }).id).toBe(id);
    expect(container.getAll<VendorDefinition>(PBX_TYPES.Vendor).map((v) => v.id).sort()).toEqual([...VENDOR_IDS].sort());
  });

  it('builds working clients through the factory and as named singletons', async () => {
    const container = new Container();
    container.load(unipbxModule, pbxClientModule(options()), pbxClientModule(options(), 'second'));
    const factory = container.get<PbxClientFactory>(PBX_TYPES.ClientFactory);
    const built = factory(options());
    expect((await built.users.list({ pageSize: 2 }).page()).items.length).toBe(2);

    const main = container.get<PbxClient>(PBX_TYPES.Client);
    expect(container.get<PbxClient>(PBX_TYPES.Client)).toBe(main);
    const second = container.get<PbxClient>(PBX_TYPES.Client, { name: 'second' });
    expect(second).not.toBe(main);
    expect((await second.whoami()).vendor).toBe('portsip');
  });

  it('refuses an unknown vendor with a ValidationError', () => {
    const container = new Container();
    container.load(unipbxModule);
    const factory = container.get<PbxClientFactory>(PBX_TYPES.ClientFactory);
    expect(() => factory({ vendor: 'nope' } as unknown as CreatePbxOptions)).toThrowError(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
