/**
 * Where `unipbx` connects to, as a real process: the environment variables (UNIPBX_VENDOR,
 * UNIPBX_BASE_URL, UNIPBX_CREDENTIALS, UNIPBX_PROFILE, UNIPBX_CONFIG), the precedence of
 * README.md's "Connections" (flags > --profile > environment > UNIPBX_PROFILE), credential
 * references (`{ "env": … }`, `{ "file": … }`), `--cred` merged over a profile's credentials,
 * and the rule that stored credentials go only to the server stored with them.
 *
 * Two simulators of the same vendor on different seeds (same credentials, different admin
 * ids) tell which server answered; a third of another vendor provides conflicting settings.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VENDOR_IDS } from '../../src/index.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { cleanEnv, removeDir, run, startSim, tempDir, type Result, type Sim } from './support.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const [VENDOR, OTHER_VENDOR] = VENDOR_IDS as [(typeof VENDOR_IDS)[number], (typeof VENDOR_IDS)[number]];

describe.concurrent('connection settings', () => {
  let dir: string;
  let one: Sim;
  let two: Sim;
  let other: Sim;
  /** Admin id → which simulator it belongs to. */
  const names = new Map<string, string>();
  let credentials: Record<string, string>;
  /** The secret field of the credentials (`password`, …) and its value. */
  let secretKey: string;
  let secret: string;
  let config: string;
  let env: Record<string, string>;

  const profile = (s: Sim, extra: Record<string, unknown> = {}) => ({ vendor: s.vendor, baseUrl: s.sim.url, credentials: s.sim.credentials, ...extra });
  /** The connection of `s` as environment variables. */
  const envOf = (s: Sim) => ({ UNIPBX_VENDOR: s.vendor, UNIPBX_BASE_URL: s.sim.url, UNIPBX_CREDENTIALS: JSON.stringify(s.sim.credentials) });
  /** The connection of `s` as flags. */
  const flagsOf = (s: Sim) => ['--vendor', s.vendor, '--base-url', s.sim.url, ...Object.entries(s.sim.credentials as object).flatMap(([k, v]) => ['--cred', `${k}=${String(v)}`])];

  /** Runs `whoami --json`; resolves with the name of the simulator that answered. */
  async function reached(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<string> {
    const result = await run([...args, 'whoami', '--json'], { env: { ...env, ...extraEnv } });
    expect(result.code, result.stderr).toBe(EXIT.OK);
    const { id } = JSON.parse(result.stdout) as { id: string };
    return names.get(id) ?? `unknown id ${id}`;
  }

  function refused(result: Result, ...mentions: string[]): void {
    expect(result.code, result.stderr).toBe(EXIT.USAGE);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^unipbx: [^\n]+\nhint: [^\n]+\n$/);
    for (const text of mentions) expect(result.stderr).toContain(text);
  }

  beforeAll(async () => {
    dir = tempDir();
    [one, two, other] = await Promise.all([
      startSim(VENDOR, { seed: 1, users: 5, cdrs: 0 }),
      startSim(VENDOR, { seed: 2, users: 5, cdrs: 0 }),
      startSim(OTHER_VENDOR, { seed: 1, users: 5, cdrs: 0 }),
    ]);
    for (const [name, s] of [['one', one], ['two', two], ['other', other]] as const) names.set((await s.client.whoami()).id, name);
    expect(names.size, 'the simulators are told apart by their admin ids').toBe(3);
    credentials = one.sim.credentials as Record<string, string>;
    expect(two.sim.credentials).toEqual(credentials);
    secretKey = Object.keys(credentials).find((k) => /pass|secret|token|key/i.test(k))!;
    secret = credentials[secretKey]!;
    writeFileSync(join(dir, 'secret.txt'), `${secret}\n`);
    config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        profiles: {
          one: profile(one),
          two: profile(two),
          other: profile(other),
          'env-ref': profile(one, { credentials: { ...credentials, [secretKey]: { env: 'PBX_SECRET' } } }),
          'file-ref': profile(one, { credentials: { ...credentials, [secretKey]: { file: join(dir, 'secret.txt') } } }),
          'missing-file': profile(one, { credentials: { ...credentials, [secretKey]: { file: join(dir, 'nope.txt') } } }),
          'wrong-secret': profile(one, { credentials: { ...credentials, [secretKey]: 'Wrong-Secret-123' } }),
          'no-credentials': { vendor: two.vendor, baseUrl: two.sim.url },
          'no-url': { vendor: one.vendor, credentials },
        },
      }),
    );
    env = cleanEnv(dir, { UNIPBX_CONFIG: config });
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close(), other?.close()]);
    removeDir(dir);
  });

  it('UNIPBX_VENDOR, UNIPBX_BASE_URL and UNIPBX_CREDENTIALS alone', async () => {
    expect(await reached([], envOf(one))).toBe('one');
    expect(await reached([], envOf(other))).toBe('other');
  });

  it('UNIPBX_PROFILE in the file UNIPBX_CONFIG names, --config over UNIPBX_CONFIG, ~/.config/unipbx/config.json by default', async () => {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.config', 'unipbx'), { recursive: true });
    writeFileSync(join(home, '.config', 'unipbx', 'config.json'), JSON.stringify({ profiles: { one: profile(two) } }));
    const elsewhere = join(dir, 'elsewhere.json');
    writeFileSync(elsewhere, JSON.stringify({ profiles: { one: profile(other) } }));
    const [fromEnvConfig, fromFlagConfig, fromHome] = await Promise.all([
      reached([], { UNIPBX_PROFILE: 'one' }),
      reached(['--config', elsewhere], { UNIPBX_PROFILE: 'one' }),
      run(['--profile', 'one', 'whoami', '--json'], { env: cleanEnv(home) }),
    ]);
    expect(fromEnvConfig).toBe('one');
    expect(fromFlagConfig).toBe('other');
    expect(fromHome.code, fromHome.stderr).toBe(EXIT.OK);
    expect(names.get((JSON.parse(fromHome.stdout) as { id: string }).id)).toBe('two');
  });

  it('precedence: flags, then --profile, then the environment, then UNIPBX_PROFILE', async () => {
    const results = await Promise.all([
      // --profile over UNIPBX_PROFILE, and over the whole environment
      reached(['--profile', 'two'], { UNIPBX_PROFILE: 'one' }),
      reached(['--profile', 'two'], envOf(one)),
      // --profile over the environment field by field: its vendor and base URL win
      reached(['--profile', 'one'], { UNIPBX_VENDOR: other.vendor, UNIPBX_BASE_URL: other.sim.url }),
      // the environment over UNIPBX_PROFILE
      reached([], { ...envOf(two), UNIPBX_PROFILE: 'one' }),
      // flags over everything
      reached(flagsOf(two), { ...envOf(one), UNIPBX_PROFILE: 'one' }),
      reached(['--profile', 'one', ...flagsOf(other)]),
    ]);
    expect(results).toEqual(['two', 'two', 'one', 'two', 'two', 'other']);
  });

  it('credential references: { "env": VAR } and { "file": PATH }; an unset variable or unreadable file is a usage error', async () => {
    const [fromEnv, fromFile, unset, missing] = await Promise.all([
      reached(['--profile', 'env-ref'], { PBX_SECRET: secret }),
      reached(['--profile', 'file-ref']),
      run(['--profile', 'env-ref', 'whoami'], { env }),
      run(['--profile', 'missing-file', 'whoami'], { env }),
    ]);
    expect([fromEnv, fromFile]).toEqual(['one', 'one']);
    refused(unset, `credentials.${secretKey} refers to the environment variable PBX_SECRET, which is not set`);
    refused(missing, `credentials.${secretKey} refers to the file ${join(dir, 'nope.txt')}, which cannot be read (ENOENT)`);
  });

  it("--cred and --cred-env are merged over the profile's credentials", async () => {
    const [wrong, cred, credEnv, fromEnvCredentials] = await Promise.all([
      run(['--profile', 'wrong-secret', 'whoami'], { env }),
      reached(['--profile', 'wrong-secret', '--cred', `${secretKey}=${secret}`]),
      reached(['--profile', 'wrong-secret', '--cred-env', `${secretKey}=PBX_SECRET`], { PBX_SECRET: secret }),
      // over UNIPBX_CREDENTIALS too
      reached(['--cred', `${secretKey}=${secret}`], { ...envOf(one), UNIPBX_CREDENTIALS: JSON.stringify({ ...credentials, [secretKey]: 'Wrong-Secret-123' }) }),
    ]);
    expect(wrong.code, wrong.stderr).toBe(EXIT.AUTH);
    expect([cred, credEnv, fromEnvCredentials]).toEqual(['one', 'one', 'one']);
  });

  it('UNIPBX_CREDENTIALS must be a JSON object', async () => {
    const [notJson, notObject] = await Promise.all([
      run(['whoami'], { env: { ...env, ...envOf(one), UNIPBX_CREDENTIALS: '{username: admin' } }),
      run(['whoami'], { env: { ...env, ...envOf(one), UNIPBX_CREDENTIALS: '["admin"]' } }),
    ]);
    expect(notJson.code, notJson.stderr).toBe(EXIT.USAGE);
    expect(notJson.stderr).toMatch(/^unipbx: UNIPBX_CREDENTIALS is not valid JSON/);
    expect(notObject.code, notObject.stderr).toBe(EXIT.USAGE);
    expect(notObject.stderr).toMatch(/^unipbx: UNIPBX_CREDENTIALS must be a JSON object/);
  });

  describe('stored credentials go only to the server stored with them', () => {
    it('a leftover UNIPBX_BASE_URL or UNIPBX_VENDOR does not receive the UNIPBX_PROFILE profile\'s credentials: exit 2, nothing sent', async () => {
      const before = two.sim.requestCount();
      const [url, vendor] = await Promise.all([
        run(['whoami'], { env: { ...env, UNIPBX_PROFILE: 'one', UNIPBX_BASE_URL: two.sim.url } }),
        run(['whoami'], { env: { ...env, UNIPBX_PROFILE: 'one', UNIPBX_VENDOR: other.vendor } }),
      ]);
      refused(url, 'the credentials come from profile "one" (UNIPBX_PROFILE) but the base URL from UNIPBX_BASE_URL', 'hint: unset or drop UNIPBX_BASE_URL');
      refused(vendor, 'the credentials come from profile "one" (UNIPBX_PROFILE) but the vendor from UNIPBX_VENDOR');
      expect(two.sim.requestCount()).toBe(before);
    });

    it('--base-url alone does not receive a profile\'s credentials, nor UNIPBX_CREDENTIALS those of another source\'s server', async () => {
      const before = two.sim.requestCount();
      const [flag, envCredentials, noUrl] = await Promise.all([
        run(['--profile', 'one', '--base-url', two.sim.url, 'whoami'], { env }),
        run(['--profile', 'no-credentials', 'whoami'], { env: { ...env, UNIPBX_CREDENTIALS: JSON.stringify(credentials) } }),
        run(['--profile', 'no-url', 'whoami'], { env: { ...env, UNIPBX_BASE_URL: two.sim.url } }),
      ]);
      refused(flag, 'the credentials come from profile "one" (--profile) but the base URL from --base-url', 'give both --base-url and --cred / --cred-env');
      refused(envCredentials, 'the credentials come from UNIPBX_CREDENTIALS but the base URL from profile "no-credentials" (--profile)');
      refused(noUrl, 'the credentials come from profile "no-url" (--profile) but the base URL from UNIPBX_BASE_URL');
      expect(two.sim.requestCount()).toBe(before);
    });

    it('the same server from another source is no conflict; --base-url with --cred sends them there on purpose', async () => {
      const results = await Promise.all([
        reached([], { UNIPBX_PROFILE: 'one', UNIPBX_BASE_URL: `${one.sim.url}/`, UNIPBX_VENDOR: one.vendor }),
        reached(['--profile', 'one', '--vendor', one.vendor, '--base-url', one.sim.url]),
        reached(['--profile', 'one', '--base-url', two.sim.url, '--cred', `${secretKey}=${secret}`]),
        reached(['--base-url', two.sim.url, '--cred-env', `${secretKey}=PBX_SECRET`], { ...envOf(one), PBX_SECRET: secret }),
      ]);
      expect(results).toEqual(['one', 'one', 'two', 'two']);
    });
  });
});
