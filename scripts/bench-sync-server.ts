/** The sync benchmark's PBX: one vendor's simulator in its own process. argv: vendor, cdrs. */
import { startSimulator } from '../src/simulator.js';

const vendor = process.argv[2] as 'portsip' | 'voipstudio';
const sim = await startSimulator(vendor, { seed: 1, users: 100, cdrs: Number(process.argv[3] ?? 20000) });
process.send?.({ url: sim.url, credentials: sim.credentials });
process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
