/** `unipbx watch` as a process: NDJSON and lines, resumed from its state file. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, killLeftovers, ndjson, removeDir, run, startSim, tempDir, writeConfig, type Sim } from '../cli/support.js';

let dir: string;
let config: string;
let sim: Sim;

beforeAll(async () => {
  dir = tempDir('unipbx-watch-cli-');
  sim = await startSim('portsip');
  config = writeConfig(dir, { pbx: sim });
});
afterAll(async () => {
  killLeftovers();
  await sim.close();
  removeDir(dir);
});

const cli = (args: string[]) => run(['--config', config, '--profile', 'pbx', ...args], { env: cleanEnv(dir) });

describe('unipbx watch', () => {
  it('prints what changed since the state file, as NDJSON or lines', async () => {
    const state = join(dir, 'watch.json');
    const baseline = await cli(['watch', '--users', '--state', state, '--max-polls', '1', '--json']);
    expect(baseline.code).toBe(0);
    expect(baseline.stdout).toBe('');
    const user = (await sim.client.users.list().toArray())[3]!;
    await sim.client.users.update(user.id, { department: 'Watchers' });
    const json = await cli(['watch', '--users', '--state', state, '--max-polls', '1', '--json']);
    expect(json.code).toBe(0);
    const events = ndjson(json.stdout) as Array<{ type: string; id: string; entity: { id: string }; changes: Record<string, unknown>; cursor?: string }>;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'user.updated', entity: { id: user.id }, changes: { department: { to: 'Watchers' } } });
    expect(events[0]!.cursor).toBeUndefined();
    await sim.client.users.update(user.id, { department: 'Readers' });
    const lines = await cli(['watch', '--users', '--state', state, '--max-polls', '1']);
    expect(lines.stdout).toMatch(/user\.updated\s+.*department Watchers → Readers/);
    const none = await cli(['watch', '--users', '--state', state, '--max-polls', '1']);
    expect(none.stdout).toBe('');
  });

  it('--webhook needs --secret and --state', async () => {
    const result = await cli(['watch', '--webhook', 'http://127.0.0.1:9/hook']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--secret/);
  });
});
