/** The benchmark's PBX: the PortSIP simulator in its own process, so it does not share the client's CPU. */
import { startSimulator } from '../src/simulator.js';

const sim = await startSimulator('portsip', { seed: 1, users: 250, cdrs: 5000 });
process.send?.({ url: sim.url, credentials: sim.credentials });
process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
