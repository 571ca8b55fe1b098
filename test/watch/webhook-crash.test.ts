/**
 * `unipbx watch --webhook` into a loopback receiver that verifies Standard Webhooks signatures
 * and fails 20 % of deliveries, while the watch process is SIGKILLed ≥ 10 times against a live
 * simulator: every change is delivered (the events, applied in order, reproduce the final
 * state), duplicates only with an id already seen and the same body.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/sim/random.js';
import { createPbx, type CreatePbxOptions, type PbxClient } from '../../src/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator.js';
import { CLI, cleanEnv, removeDir, tempDir } from '../cli/support.js';

const SECRET = `whsec_${Buffer.from('unipbx-test-secret-0123456789abcdef').toString('base64')}`;
interface Delivery {
  readonly id: string;
  readonly body: string;
  readonly type: string;
  readonly data: { entity: Record<string, unknown>; queue?: { id: string } };
}

let sim: RunningSimulator<unknown>;
let pbx: PbxClient;
let receiver: Server;
let url: string;
let dir: string;
const deliveries: Delivery[] = [];
let invalid = 0;
let refused = 0;
let live = false;
let ticker: ReturnType<typeof setInterval>;

beforeAll(async () => {
  dir = tempDir('unipbx-webhook-');
  sim = await startSimulator('portsip', { seed: 12, users: 40, cdrs: 10, live: { callsPerMinute: 240, agentChangesPerMinute: 120, userEditsPerMinute: 30, maxCallSeconds: 8, tickMs: 0 } });
  ticker = setInterval(() => live && sim.live!.tick(), 50);
  pbx = createPbx({ vendor: 'portsip', baseUrl: sim.url, credentials: sim.credentials } as CreatePbxOptions);
  const verifier = new Webhook(SECRET);
  const fail = seededRandom(99);
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      try {
        verifier.verify(body, req.headers as Record<string, string>);
      } catch {
        invalid++;
        res.writeHead(400).end();
        return;
      }
      if (fail() < 0.2) {
        refused++;
        res.writeHead(500).end();
        return;
      }
      const parsed = JSON.parse(body) as Omit<Delivery, 'id' | 'body'>;
      deliveries.push({ id: String(req.headers['webhook-id']), body, ...parsed });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
});

afterAll(async () => {
  clearInterval(ticker);
  await new Promise((resolve) => receiver?.close(resolve));
  await sim?.close();
  removeDir(dir);
});

function watch(extra: string[], killAfterMs?: number): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const creds = Object.entries(sim.credentials as Record<string, string>).flatMap(([k, v]) => ['--cred', `${k}=${v}`]);
  const args = [CLI, '--vendor', 'portsip', '--base-url', sim.url, ...creds, 'watch', '--interval-ms', '150', '--state', join(dir, 'watch.json'), '--webhook', url, '--secret', SECRET, ...extra];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: cleanEnv(dir), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs ?? 60_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

async function agentStates(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const queue of await pbx.queues.list().toArray()) {
    for (const agent of await pbx.queues.agents(queue.id).toArray()) out.set(`${queue.id}/${agent.userId ?? agent.extension}`, `${agent.loggedIn} ${agent.status}`);
  }
  return out;
}

describe('unipbx watch --webhook survives SIGKILL and a flaky receiver', () => {
  it('delivers every change at least once, signed, duplicates only with the same id and body', async () => {
    // Baseline with the PBX still.
    const first = await watch(['--max-polls', '1']);
    expect(first.code).toBe(0);
    const cdrs0 = new Set(sim.live!.cdrIds());
    const agents0 = await agentStates();

    live = true;
    const random = seededRandom(5);
    for (let kill = 0; kill < 10; kill++) {
      const result = await watch([], 500 + Math.floor(random() * 2000));
      expect(result.signal).toBe('SIGKILL');
    }
    live = false;
    const last = await watch(['--max-polls', '2']);
    expect(last.code).toBe(0);

    expect(invalid).toBe(0);
    expect(refused).toBeGreaterThan(0);
    // Duplicates carry an id already seen, with the same body.
    const byId = new Map<string, string>();
    for (const d of deliveries) {
      const seen = byId.get(d.id);
      if (seen !== undefined) expect(JSON.parse(d.body).data).toEqual(JSON.parse(seen).data);
      byId.set(d.id, d.body);
    }
    // Every call record that appeared, once the receiver de-duplicates.
    const cdrIds = [...new Set(deliveries.filter((d) => d.type === 'cdr.created').map((d) => String(d.data.entity['id'])))];
    expect(cdrIds.sort()).toEqual(sim.live!.cdrIds().filter((id) => !cdrs0.has(id)).sort());
    expect(cdrIds.length).toBeGreaterThan(10);
    // Queue agents: the last event of each agent shows its final state; every agent that changed has one.
    const agents1 = await agentStates();
    const lastEvent = new Map<string, string>();
    for (const d of deliveries.filter((x) => x.type.startsWith('queue.'))) {
      lastEvent.set(`${d.data.queue!.id}/${String(d.data.entity['userId'] ?? d.data.entity['extension'])}`, `${String(d.data.entity['loggedIn'])} ${String(d.data.entity['status'])}`);
    }
    expect(lastEvent.size).toBeGreaterThan(3);
    for (const [agent, state] of agents1) {
      if (agents0.get(agent) !== state) expect(lastEvent.get(agent), agent).toBe(state);
      else if (lastEvent.has(agent)) expect(lastEvent.get(agent), agent).toBe(state);
    }
  }, 180_000);
});
