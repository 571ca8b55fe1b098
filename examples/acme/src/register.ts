/**
 * Registers Acme with unipbx — the client with `createPbx` (and the DI module, the capability
 * table, the CLI) and, apart, its simulator with `startSimulator`. This is the module the CLI
 * loads with `--plugin` or `plugins: [...]` in its config. An application that only needs the
 * client registers just `acme` (and never loads simulator code).
 */
import { registerVendor } from 'unipbx';
import { registerSimulator } from 'unipbx/simulator';
import { acme } from './index.js';

registerVendor(acme);
registerSimulator('acme', async () => (await import('./simulator/index.js')).simulator);
