/**
 * Operator comforts: deletes ask first on a terminal and are refused without --yes elsewhere;
 * help marks required options; shell completion; table cells cut to the terminal's width.
 */
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VENDORS, VENDOR_IDS } from '../../src/index.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { fitColumns, renderTable, truncate } from '../../src/cli/output.js';
import { CLI, cleanEnv, killLeftovers, removeDir, run, startSim, tempDir, writeConfig, type Sim } from './support.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
afterAll(killLeftovers);

const hasScript = spawnSync('script', ['--version']).status === 0;
const sh = (args: readonly string[]) => args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');

/** Runs the CLI on a pseudo-terminal (`script`), answering `answer` once `prompt` shows. */
function onTerminal(args: readonly string[], env: Record<string, string>, options: { columns?: number; prompt?: string; answer?: string } = {}): Promise<{ code: number | null; out: string }> {
  const command = `${options.columns ? `stty cols ${options.columns}; ` : ''}${sh([process.execPath, CLI, ...args])}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let answered = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    if (options.prompt && !answered && out.includes(options.prompt)) {
      answered = true;
      child.stdin.write(options.answer ?? '');
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    }),
  );
}

const VENDOR = VENDOR_IDS.find((v) => VENDORS[v].capabilities['users.delete'].support !== 'unsupported' && VENDORS[v].capabilities['users.create'].support !== 'unsupported')!;
const GROUPS = VENDOR_IDS.find((v) => VENDORS[v].capabilities['groups.delete'].support !== 'unsupported');

describe('confirmation of deletes', () => {
  let home: string;
  let s: Sim;
  let env: Record<string, string>;
  beforeAll(async () => {
    home = tempDir();
    s = await startSim(VENDOR, { seed: 6, users: 6, cdrs: 0 });
    env = cleanEnv(home, { UNIPBX_CONFIG: writeConfig(home, { s }), UNIPBX_PROFILE: 's' });
  });
  afterAll(async () => {
    await s?.close();
    removeDir(home);
  });

  it('without a terminal and without --yes: refused (exit 2) before anything is sent; with --yes: done', async () => {
    const user = await s.client.users.create({ extension: '7401', displayName: 'Delete Me', email: 'delete.me@example.com' });
    const before = s.sim.requestCount();
    const refused = await run(['users', 'delete', user.id], { env });
    expect(refused.code, refused.stderr).toBe(EXIT.USAGE);
    expect(refused.stderr).toContain(`delete user ${user.id} on profile s: refused without confirmation (stdin is not a terminal)`);
    expect(refused.stderr).toContain('hint: add --yes');
    expect(s.sim.requestCount()).toBe(before);
    expect(await s.client.users.findByExtension('7401')).not.toBeNull();
    const done = await run(['users', 'delete', user.id, '--yes'], { env });
    expect(done.code, done.stderr).toBe(EXIT.OK);
    expect(await s.client.users.findByExtension('7401')).toBeNull();
  });

  it.runIf(GROUPS !== undefined && GROUPS === VENDOR)('groups delete: refused without --yes off a terminal', async () => {
    const group = (await s.client.groups.list().toArray())[0]!;
    const refused = await run(['groups', 'delete', group.id], { env });
    expect(refused.code, refused.stderr).toBe(EXIT.USAGE);
    expect(refused.stderr).toContain('refused without confirmation');
  });

  it.runIf(hasScript)('on a terminal: asks; "n" keeps the user (exit 1), "y" deletes it', async () => {
    const user = await s.client.users.create({ extension: '7402', displayName: 'Ask First', email: 'ask.first@example.com' });
    const no = await onTerminal(['users', 'delete', user.id], env, { prompt: '[y/N]', answer: 'n\r' });
    expect(no.out).toContain(`delete user ${user.id} on profile s? [y/N]`);
    expect(no.out).toContain('not confirmed: nothing was changed');
    expect(no.code).toBe(EXIT.ERROR);
    expect(await s.client.users.findByExtension('7402')).not.toBeNull();
    const yes = await onTerminal(['users', 'delete', user.id], env, { prompt: '[y/N]', answer: 'y\r' });
    expect(yes.code, yes.out).toBe(EXIT.OK);
    expect(yes.out).toContain(`deleted user ${user.id}`);
    expect(await s.client.users.findByExtension('7402')).toBeNull();
  });

  it.runIf(hasScript)('a table on a 50-column terminal: one line per row, cut with an ellipsis', async () => {
    const { code, out } = await onTerminal(['users', 'list'], env, { columns: 50 });
    expect(code, out).toBe(EXIT.OK);
    const lines = out.replace(/\r/g, '').split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(50);
    expect(out).toContain('…');
  });
});

describe('tables', () => {
  it('truncate and fitColumns', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcd', 4)).toBe('abcd');
    expect(fitColumns([10, 40, 5], 40)).toEqual([10, 21, 5]);
    expect(fitColumns([3, 3], 4)).toEqual([3, 3]); // cannot fit: columns keep a minimum
  });

  it('renderTable cuts cells to the width, never wraps', async () => {
    const rows = [['u1', 'A very long display name that goes on and on', 'someone.with.a.long.address@example.com']];
    const text = await renderTable(['ID', 'NAME', 'EMAIL'], rows, false, 40);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(text).toContain('…');
    expect(await renderTable(['ID', 'NAME'], [['u1', 'short']], false, 80)).toBe('ID  NAME\nu1  short\n');
  });
});

describe('help and completion', () => {
  let home: string;
  beforeAll(() => {
    home = tempDir();
  });
  afterAll(() => removeDir(home));

  it('help marks the options a command cannot run without', async () => {
    const { stdout } = await run(['users', 'create', '--help'], { env: cleanEnv(home) });
    expect(stdout).toMatch(/--email <address>\s+email address \(required\)/);
    expect(stdout).not.toMatch(/--username <text>.*\(required\)/);
  });

  it('bash completion completes commands and options of the command path', async () => {
    const { stdout, code } = await run(['completion', 'bash'], { env: cleanEnv(home) });
    expect(code).toBe(EXIT.OK);
    const complete = (words: string[]) =>
      spawnSync('bash', ['-c', `source /dev/stdin <<'EOF'\n${stdout}\nEOF\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _unipbx; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' }).stdout.trim();
    expect(complete(['unipbx', 'us'])).toBe('users');
    expect(complete(['unipbx', 'users', 'de'])).toBe('delete');
    expect(complete(['unipbx', '--profile', 'x', 'cdrs', 'export', '--o'])).toBe('--out');
    expect(complete(['unipbx', 'users', 'delete', '--y'])).toBe('--yes');
  });

  it('zsh and fish scripts; an unknown shell is a usage error', async () => {
    const [zsh, fish, bad] = await Promise.all(['zsh', 'fish', 'tcsh'].map((shell) => run(['completion', shell], { env: cleanEnv(home) })));
    expect(zsh!.stdout).toMatch(/^#compdef unipbx\n/);
    expect(zsh!.stdout).toContain('bashcompinit');
    expect(fish!.stdout).toContain("complete -c unipbx -n '__fish_use_subcommand' -a 'users'");
    expect(fish!.stdout).toContain('-l out -r');
    expect(bad!.code).toBe(EXIT.USAGE);
  });
});
