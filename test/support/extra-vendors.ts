/**
 * Registers vendors from outside `adapters/` for the whole test run, when
 * `UNIPBX_TEST_EXTRA_VENDORS` names them (comma-separated), e.g. `UNIPBX_TEST_EXTRA_VENDORS=acme`.
 * A vendor here is its folder and one line: every cross-vendor test iterates the registry, so
 * the suite then covers it too. CI runs the registry-driven tests this way (see .ci/run).
 */
const EXTRA: Readonly<Record<string, string>> = {
  acme: '../../examples/acme/src/register.ts',
};

for (const id of (process.env.UNIPBX_TEST_EXTRA_VENDORS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
  const module = EXTRA[id];
  if (!module) throw new Error(`UNIPBX_TEST_EXTRA_VENDORS: no extra vendor "${id}" (known: ${Object.keys(EXTRA).join(', ')})`);
  // Not a literal import: the example is type-checked on its own, against the packed package.
  await import(/* @vite-ignore */ new URL(module, import.meta.url).href);
}
