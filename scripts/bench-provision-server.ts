/**
 * The provisioning benchmark's PBX: a PortSIP simulator with 1,000 users limited to 50
 * requests/s (its `requestsPerSecond` fault option), in its own process. It answers
 * `{ cmd: 'reset' }` (fresh statistics) and `{ cmd: 'stats' }` (requests received, refused with 429).
 */
import { startSimulator } from '../src/simulator.js';

const LIMIT = Number(process.env['BENCH_LIMIT'] ?? 50);
const sim = await startSimulator('portsip', { seed: 1, users: 1000, cdrs: 10, faults: { rules: [], requestsPerSecond: LIMIT } });
let base = sim.requestCount();
process.on('message', (message: { cmd: string }) => {
  if (message.cmd === 'reset') {
    sim.faults!.configure({ rules: [], requestsPerSecond: LIMIT });
    base = sim.requestCount();
    process.send?.({ ok: true });
  } else if (message.cmd === 'stats') {
    process.send?.({ requests: sim.requestCount() - base, rateLimited: sim.faults!.stats.rateLimited });
  }
});
process.send?.({ url: sim.url, credentials: sim.credentials, limit: LIMIT });
process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
