/**
 * The benchmark's PBX: one vendor simulator in its own process, so it does not share the
 * client's CPU. `tsx scripts/bench-server.ts <vendor> <users> <cdrs>`; sends `{ url, credentials,
 * cdrRange }` to its parent once listening and exits when the parent disconnects.
 */
import { startSimulator } from '../src/simulator.js';
import { isVendorId } from '../src/registry.js';

const [vendor = 'portsip', users = '250', cdrs = '5000'] = process.argv.slice(2);
if (!isVendorId(vendor)) throw new Error(`unknown vendor ${vendor}`);
const sim = await startSimulator(vendor, { seed: 1, users: Number(users), cdrs: Number(cdrs) } as never);
process.send?.({ url: sim.url, credentials: sim.credentials, cdrRange: sim.facts.cdrRange });
process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
