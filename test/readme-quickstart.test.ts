/**
 * The README's quick start runs as written — against the PortSIP simulator instead of
 * `https://pbx.example.com:8887`, with the credentials in the environment variables it reads.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorCredentials } from '../src/simulator.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

let sim: RunningSimulator<SimulatorCredentials<'portsip'>>;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator('portsip', { seed: 5 });
  dir = await mkdtemp(join(tmpdir(), 'unipbx-quickstart-'));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('README quick start', () => {
  it('runs unchanged against a PBX (the simulator) and does what its comments say', { timeout: 60_000 }, async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const snippet = /## Quick start\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet, 'the quick start block').toBeDefined();
    expect(snippet!.split('\n').length).toBeLessThanOrEqual(30);
    const script = snippet!
      .replace(`from 'unipbx'`, `from ${JSON.stringify(join(root, 'src/index.ts'))}`)
      .replace(`'https://pbx.example.com:8887'`, JSON.stringify(sim.url));
    expect(script).toContain(sim.url);
    const file = join(dir, 'quickstart.mts');
    await writeFile(file, script);

    const login = sim.credentials as { username: string; password: string };
    const { stdout } = await run(join(root, 'node_modules/.bin/tsx'), [file], {
      env: { ...process.env, PBX_USER: login.username, PBX_PASSWORD: login.password },
    });
    const lines = stdout.trim().split('\n');
    // Every seeded user listed (extension, name, email), the created one not yet.
    expect(lines.filter((l) => /^\d+ /.test(l)).length).toBeGreaterThanOrEqual(250);
    // The last line is the NOT_FOUND branch: vendor and HTTP status.
    expect(lines.at(-1)).toBe('portsip 404');

    const { createPbx } = await import('../src/index.js');
    const pbx = createPbx({ vendor: 'portsip', baseUrl: sim.url, credentials: sim.credentials });
    const ada = await pbx.users.findByExtension('7042');
    expect(ada).toMatchObject({ displayName: 'Ada Lovelace', email: 'ada@example.com', department: 'R&D' });
    const [team] = await pbx.groups.list().toArray({ max: 1 });
    expect((await pbx.groups.members.list(team!.id).toArray()).some((m) => m.extension === '7042')).toBe(true);
    const [queue] = await pbx.queues.list().toArray({ max: 1 });
    expect(await pbx.queues.agents(queue!.id).toArray()).toContainEqual(expect.objectContaining({ extension: '7042', loggedIn: true }));
  });
});
