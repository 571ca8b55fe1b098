/**
 * Registers vendors from outside `adapters/` for the whole test run, when
 * `UNIPBX_TEST_EXTRA_VENDORS` names them (comma-separated), e.g. `UNIPBX_TEST_EXTRA_VENDORS=acme`.
 * A vendor here is its folder and one line (its client module, exporting the definition under
 * its id, and its simulator module, exporting `simulator`): every cross-vendor test iterates the
 * registry, so the suite then covers it too. CI runs the registry-driven tests this way (.ci/run).
 */
const EXTRA: Readonly<Record<string, { readonly vendor: string; readonly simulator: string }>> = {
  acme: { vendor: '../../examples/acme/src/index.ts', simulator: '../../examples/acme/src/simulator/index.ts' },
};

const wanted = (process.env.UNIPBX_TEST_EXTRA_VENDORS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
if (wanted.length) {
  // Tests use the sources and the packaged entries (dist/, built before the tests): register with both.
  const registries = [
    [await import('../../src/registry.js'), await import('../../src/simulator.js')],
    [await import('unipbx'), await import('unipbx/simulator')],
  ] as const;
  for (const id of wanted) {
    const extra = EXTRA[id];
    if (!extra) throw new Error(`UNIPBX_TEST_EXTRA_VENDORS: no extra vendor "${id}" (known: ${Object.keys(EXTRA).join(', ')})`);
    // Not literal imports: the example is type-checked on its own, against the packed package.
    const load = (path: string) => import(/* @vite-ignore */ new URL(path, import.meta.url).href) as Promise<Record<string, unknown>>;
    const [client, simulator] = await Promise.all([load(extra.vendor), load(extra.simulator)]);
    for (const [registry, simulators] of registries) {
      registry.registerVendor(client[id] as Parameters<typeof registry.registerVendor>[0]);
      simulators.registerSimulator(id, simulator['simulator'] as Parameters<typeof simulators.registerSimulator>[1]);
    }
  }
}
