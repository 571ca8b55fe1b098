/**
 * Optional peer dependencies. A library-only install of unipbx brings ky and zod and
 * nothing else; the simulators, the DI module and the CLI need more, which an integrator
 * installs only when using them. Their entry points check first and name what is missing.
 */

/** What each optional part needs, besides ky and zod. */
export const PEERS = {
  'unipbx/simulator': ['hono', '@hono/node-server', 'ajv'],
  'unipbx/di': ['inversify', 'reflect-metadata'],
  'unipbx/provisioning': ['yaml'],
  'the unipbx command': ['commander', 'cli-table3', 'cli-progress', 'csv-stringify', 'hono', '@hono/node-server', 'ajv', 'yaml'],
  'unipbx cdrs sync --into': ['pg'],
  'unipbx watch --webhook': ['standardwebhooks'],
} as const satisfies Record<string, readonly string[]>;

/** The packages of `peers` that cannot be resolved (from where unipbx is installed). */
export function missingPeers(peers: readonly string[], resolve: (specifier: string) => string = (s) => import.meta.resolve(s)): string[] {
  return peers.filter((peer) => {
    try {
      resolve(peer);
      return false;
    } catch {
      return true;
    }
  });
}

/** Throws an error naming the install command when a peer of `entry` is missing. */
export function requirePeers(entry: keyof typeof PEERS): void {
  const missing = missingPeers(PEERS[entry]);
  if (missing.length === 0) return;
  throw Object.assign(
    new Error(`${entry} needs ${missing.join(', ')}, optional peer dependencies of unipbx that are not installed. Install them with: npm install ${missing.join(' ')}`),
    { code: 'UNIPBX_MISSING_PEER', missing },
  );
}
