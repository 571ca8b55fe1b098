/**
 * A zod schema exported as a constant but built at its first use, so that importing a module
 * full of schemas (`core/inputs.ts`, the connection options) builds none of them: building
 * zod schemas is most of what our modules cost at import (docs/performance.md, "cold import").
 *
 * The constant is a `Proxy` that stands for the schema in every way its users reach it:
 * properties and methods (bound to the built schema, so a schema derived from it, such as
 * `IdSchema.optional()`, wraps the real one), `instanceof`, `in`, own keys and assignment.
 */
export function lazySchema<S extends object>(build: () => S): S {
  let built: S | undefined;
  const schema = (): S => (built ??= build());
  const bound = new Map<PropertyKey, { readonly fn: unknown; readonly bound: unknown }>();
  return new Proxy({} as S, {
    get(_, key) {
      const target = schema();
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      let entry = bound.get(key);
      if (entry?.fn !== value) bound.set(key, (entry = { fn: value, bound: (value as (...args: unknown[]) => unknown).bind(target) }));
      return entry.bound;
    },
    set: (_, key, value) => Reflect.set(schema(), key, value),
    has: (_, key) => Reflect.has(schema(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
    ownKeys: () => Reflect.ownKeys(schema()),
    // Reported as configurable: the proxy's own (empty) target cannot vouch for a fixed property.
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}
