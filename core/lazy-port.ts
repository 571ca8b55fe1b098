/**
 * A port whose implementation is loaded at the first call of any of its methods (with a
 * dynamic `import()` in `load`), so that an adapter's little-used parts are neither loaded nor
 * bundled into the first chunk of a client that never calls them.
 */

/** Every method of `P`, each marked `true`: the compiler checks that the list is complete. */
export type MethodList<P> = { readonly [K in keyof P]-?: true };

/**
 * The port `P` with each method in `methods` forwarding to the port `load` resolves with
 * (`load` is called once, at the first call). The facade tells an implemented operation from
 * a missing one by the method's presence, so `methods` names exactly the methods the loaded
 * port has. Every port method returns a promise, so a caller sees the same results and
 * errors, one load later.
 */
export function lazyPort<P extends object>(load: () => Promise<P>, methods: MethodList<P>): P {
  let loading: Promise<P> | undefined;
  const port: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of Object.keys(methods)) {
    port[name] = async (...args) => {
      const loaded = (await (loading ??= load())) as Record<string, (...args: unknown[]) => Promise<unknown>>;
      return loaded[name]!(...args);
    };
  }
  return port as P;
}

/**
 * Several ports loaded together (one `load`, called once) at the first call of any of their
 * methods: an adapter's little-used resources that share one module, such as PortSIP's
 * contact-centre ports. `methods` lists every port's methods, as for {@link lazyPort}.
 */
export function lazyPorts<Ps extends object>(load: () => Promise<Ps>, methods: { readonly [K in keyof Ps]: MethodList<Ps[K]> }): Ps {
  let loading: Promise<Ps> | undefined;
  const ports: Partial<Record<keyof Ps, object>> = {};
  for (const name of Object.keys(methods) as Array<keyof Ps>) {
    ports[name] = lazyPort(() => (loading ??= load()).then((all) => all[name] as object), methods[name] as MethodList<object>);
  }
  return ports as Ps;
}
