/**
 * Measurements for docs/portsip.md (issue 12, part 2), on the PortSIP simulator's default data
 * (250 users, 5000 CDRs) for a few seeds: how often linking recordings to CDRs by caller, callee
 * and time is ambiguous, and how many requests the 22.3 bulk status endpoints save.
 *
 *   npx tsx scripts/measure-contact-centre.ts [seeds=5]
 */
import { createPortSip } from '../adapters/portsip/index.js';
import { createPortSipSimulator } from '../adapters/portsip/simulator/index.js';
import { linkRecordings } from '../core/recording-link.js';

const seeds = Number(process.argv[2] ?? 5);

function client(apiVersion: '22.0' | '22.3', seed: number) {
  const sim = createPortSipSimulator({ seed, apiVersion });
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => sim.app.fetch(new Request(input, init))) as typeof globalThis.fetch;
  return { sim, client: createPortSip({ baseUrl: 'http://pbx.test', credentials: sim.credentials, fetch }) };
}

const totals = { recordings: 0, linked: 0, ambiguous: 0, orphans: 0, cdrQueries: 0, cdrQueriesAmbiguous: 0 };
const requests = { agents220: 0, agents223: 0, presence220: 0, presence223: 0, queues: 0, agents: 0, users: 0 };
for (let seed = 1; seed <= seeds; seed++) {
  const { sim, client: pbx } = client('22.3', seed);
  const all = { from: new Date(0), to: new Date(sim.state.now() + 86_400_000) };
  const recordings = await pbx.recordings.list({ ...all, pageSize: 100 }).toArray();
  const cdrs = await pbx.cdrs.list({ ...all, pageSize: 100 }).toArray();
  const result = linkRecordings(recordings, cdrs);
  totals.recordings += recordings.length;
  totals.linked += result.linked.size;
  totals.ambiguous += result.ambiguous.size;
  totals.orphans += result.orphans.length;
  // The other direction, as recordings.list({ cdrId }) sees it: CDRs of recorded calls matching several recordings.
  const perCdr = new Map<string, number>();
  for (const recording of recordings) for (const cdr of cdrs) if (recording.from === cdr.from.number && recording.to === cdr.to.number) {
    const window = { from: cdr.startedAt.getTime() - 5000, to: (cdr.endedAt ?? cdr.startedAt).getTime() + 5000 };
    if (recording.startedAt.getTime() >= window.from && recording.startedAt.getTime() <= window.to) perCdr.set(cdr.id, (perCdr.get(cdr.id) ?? 0) + 1);
  }
  totals.cdrQueries += perCdr.size;
  totals.cdrQueriesAmbiguous += [...perCdr.values()].filter((n) => n > 1).length;

  const old = client('22.0', seed);
  for (const [which, c] of [['22.3', pbx], ['22.0', old.client]] as const) {
    const s = which === '22.3' ? sim : old.sim;
    const queues = await c.queues.list().toArray();
    const users = (await c.users.list().toArray()).map((u) => u.id);
    let before = s.requests.length;
    let agents = 0;
    for (const q of queues) agents += (await c.queues.agents(q.id).toArray()).length;
    const agentRequests = s.requests.length - before;
    before = s.requests.length;
    await c.users.presence(users);
    const presenceRequests = s.requests.length - before;
    if (which === '22.3') {
      requests.agents223 += agentRequests;
      requests.presence223 += presenceRequests;
      requests.queues += queues.length;
      requests.agents += agents;
      requests.users += users.length;
    } else {
      requests.agents220 += agentRequests;
      requests.presence220 += presenceRequests;
    }
  }
}
const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(2)} %`;
console.log(`seeds 1..${seeds}, default simulator (250 users, 5000 CDRs each)`);
console.log(`recordings: ${totals.recordings}; linked to exactly one CDR: ${totals.linked} (${pct(totals.linked, totals.recordings)}); ambiguous (2+ CDRs): ${totals.ambiguous} (${pct(totals.ambiguous, totals.recordings)}); no CDR: ${totals.orphans} (${pct(totals.orphans, totals.recordings)})`);
console.log(`recorded CDRs: ${totals.cdrQueries}; with 2+ matching recordings: ${totals.cdrQueriesAmbiguous} (${pct(totals.cdrQueriesAmbiguous, totals.cdrQueries)})`);
console.log(`queues.agents over ${requests.queues} queues / ${requests.agents} agents: 22.0 ${requests.agents220} requests, 22.3 ${requests.agents223} (incl. one version probe per client)`);
console.log(`users.presence of ${requests.users} users: 22.0 ${requests.presence220} requests, 22.3 ${requests.presence223}`);
