/**
 * `lazySchema` (a schema constant built at first use) and `lazyPort` (a port loaded at its
 * first call): nothing is built or loaded before it is used, and afterwards they behave as
 * the real schema / port.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { lazyPort, lazyPorts } from '../../core/lazy-port.js';
import { lazySchema } from '../../core/lazy-schema.js';
import { IdSchema } from '../../core/inputs.js';
import { UserCreateInputSchema } from '../../core/inputs-users.js';

describe('lazySchema', () => {
  it('builds the schema at the first use, once, and stands for it', () => {
    let builds = 0;
    const Schema = lazySchema(() => {
      builds++;
      return z.strictObject({ name: z.string().min(1), size: z.number().optional() });
    });
    expect(builds).toBe(0);
    expect(Schema.parse({ name: 'a' })).toEqual({ name: 'a' });
    expect(Schema.safeParse({ name: '' }).success).toBe(false);
    expect(Object.keys(Schema.shape)).toEqual(['name', 'size']);
    expect(Schema instanceof z.ZodObject).toBe(true);
    expect('shape' in Schema).toBe(true);
    expect(builds).toBe(1);
  });

  it('derived schemas wrap the real one and parse the same', () => {
    const Optional = IdSchema.optional();
    expect(Optional.parse(undefined)).toBeUndefined();
    expect(Optional.parse(' 42 ')).toBe('42');
    expect(() => Optional.parse('..')).toThrow(z.ZodError);
    const Extended = UserCreateInputSchema.extend({ extra: z.boolean() });
    expect(Extended.safeParse({ extension: '100', displayName: 'A', email: 'a@example.com', extra: true }).success).toBe(true);
  });

  it('types follow the built schema', () => {
    const Schema = lazySchema(() => z.object({ n: z.number() }));
    const value: { n: number } = Schema.parse({ n: 1 });
    expect(value.n).toBe(1);
  });
});

describe('lazyPort', () => {
  interface Port {
    get(id: string, ctx: object): Promise<string>;
    list(ctx: object): Promise<string[]>;
  }

  it('loads the port at the first call, once, and forwards every argument', async () => {
    let loads = 0;
    const calls: unknown[][] = [];
    const port = lazyPort<Port>(
      async () => {
        loads++;
        return {
          get: async (...args) => (calls.push(args), `user ${args[0]}`),
          list: async () => ['a', 'b'],
        };
      },
      { get: true, list: true },
    );
    expect(Object.keys(port).sort()).toEqual(['get', 'list']);
    expect(loads).toBe(0);
    const ctx = { signal: undefined };
    expect(await port.get('7', ctx)).toBe('user 7');
    expect(await port.list(ctx)).toEqual(['a', 'b']);
    expect(calls).toEqual([['7', ctx]]);
    expect(loads).toBe(1);
  });

  it("passes on the loaded port's rejections and a failed load as a rejection", async () => {
    const failing = lazyPort<Port>(async () => ({ get: async () => Promise.reject(new Error('not found')), list: async () => [] }), { get: true, list: true });
    await expect(failing.get('1', {})).rejects.toThrow('not found');
    const unloadable = lazyPort<Port>(() => Promise.reject(new Error('cannot load')), { get: true, list: true });
    await expect(unloadable.list({})).rejects.toThrow('cannot load');
  });
});

describe('lazyPorts', () => {
  interface Ports {
    readonly users: { get(id: string): Promise<string> };
    readonly roles: { list(): Promise<string[]>; get(id: string): Promise<string> };
  }

  it('loads every port with one load at the first call of any method, and each forwards to its own port', async () => {
    let loads = 0;
    const ports = lazyPorts<Ports>(
      async () => {
        loads++;
        return { users: { get: async (id) => `user ${id}` }, roles: { list: async () => ['admin'], get: async (id) => `role ${id}` } };
      },
      { users: { get: true }, roles: { list: true, get: true } },
    );
    expect(Object.keys(ports).sort()).toEqual(['roles', 'users']);
    expect(Object.keys(ports.roles).sort()).toEqual(['get', 'list']);
    expect(loads).toBe(0);
    expect(await Promise.all([ports.roles.get('1'), ports.users.get('2'), ports.roles.list()])).toEqual(['role 1', 'user 2', ['admin']]);
    expect(loads).toBe(1);
  });
});
