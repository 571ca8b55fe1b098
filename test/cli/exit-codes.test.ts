/**
 * Exit codes scripts rely on, and the shape of error output: one line, a hint, no stack
 * trace unless --debug. Covered elsewhere: 3 (not found) and 5 (unsupported) per vendor in
 * commands.test.ts, 4 (wrong credentials) per vendor in secrets.test.ts, 130 in export.test.ts.
 */
import { createServer } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VENDORS, VENDOR_IDS } from '../../src/index.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { cleanEnv, removeDir, run, startSim, tempDir, writeConfig, type Result, type Sim } from './support.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const ONE_LINE_AND_HINT = /^unipbx: [^\n]+\nhint: [^\n]+\n$/;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.concurrent('exit codes', () => {
  let dir: string;
  let env: Record<string, string>;
  const sims: Sim[] = [];
  /** The first simulator's credentials as --cred flags (stored credentials never go to another --base-url alone). */
  const credFlags = () => Object.entries(sims[0]!.sim.credentials as object).flatMap(([k, v]) => ['--cred', `${k}=${String(v)}`]);
  const usage = (result: Result, message: RegExp) => {
    expect(result.code, result.stderr).toBe(EXIT.USAGE);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  };

  beforeAll(async () => {
    dir = tempDir();
    for (const vendor of VENDOR_IDS) sims.push(await startSim(vendor, { seed: 3, users: 20, cdrs: 50 }));
    env = cleanEnv(dir, { UNIPBX_CONFIG: writeConfig(dir, Object.fromEntries(sims.map((s) => [s.vendor, s]))) });
  });
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.close()));
    removeDir(dir);
  });

  it('0: --help and --version', async () => {
    const [help, version] = await Promise.all([run(['--help'], { env }), run(['--version'], { env })]);
    expect(help.code).toBe(EXIT.OK);
    expect(help.stdout).toContain('Usage: unipbx');
    expect(help.stdout).toContain('Exit codes:');
    expect(version.code).toBe(EXIT.OK);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version);
  });

  it('2: bad command lines', async () => {
    const [none, unknownCommand, unknownOption, missingArgument, badNumber, twoFormats, badChoice] = await Promise.all([
      run([], { env }),
      run(['frobnicate'], { env }),
      run(['users', 'list', '--bogus'], { env }),
      run(['users', 'get'], { env }),
      run(['users', 'list', '--limit', 'many'], { env }),
      run(['users', 'list', '--json', '--csv'], { env }),
      run(['cdrs', 'export', '--from', 'yesterday', '--to', 'today', '--out', 'x', '--format', 'xml'], { env }),
    ]);
    expect(none.code).toBe(EXIT.USAGE);
    expect(none.stderr).toContain('Usage: unipbx');
    usage(unknownCommand, /^unipbx: unknown command 'frobnicate'\nhint: `unipbx --help` shows the usage\n$/);
    usage(unknownOption, /^unipbx: unknown option '--bogus'\nhint: `unipbx users list --help` shows the usage\n$/);
    usage(missingArgument, /^unipbx: missing required argument 'id'\n/);
    usage(badNumber, /must be an integer/);
    usage(twoFormats, /cannot be used with/);
    usage(badChoice, /Allowed choices are csv, ndjson/);
  });

  it("--help of a command lists the global options; --raw with --csv is a usage error", async () => {
    const [help, rawCsv] = await Promise.all([run(['users', 'list', '--help'], { env }), run(['--profile', VENDOR_IDS[0]!, 'users', 'list', '--csv', '--raw'], { env })]);
    expect(help.code).toBe(EXIT.OK);
    expect(help.stdout).toMatch(/\nGlobal Options:\n(.*\n)*\s+--profile <name>/);
    expect(help.stdout).toContain('--cred-env <key=VAR>');
    usage(rawCsv, /^unipbx: option '--raw' cannot be used with option '--csv'\n/);
  });

  it('2: missing or bad connection settings', async () => {
    const bad = join(dir, 'broken.json');
    writeFileSync(bad, '{ "profiles": { "x": { "vendor": "a", } } }');
    const [noVendor, noUrl, noCredentials, unknownProfile, brokenConfig, unknownVendor, badCredentials, badUrl, missingEnv] = await Promise.all([
      run(['users', 'list'], { env: cleanEnv(dir) }),
      run(['users', 'list', '--vendor', VENDOR_IDS[0]!], { env: cleanEnv(dir) }),
      run(['users', 'list', '--vendor', VENDOR_IDS[0]!, '--base-url', 'http://127.0.0.1:9'], { env: cleanEnv(dir) }),
      run(['--profile', 'nope', 'users', 'list'], { env }),
      run(['--config', bad, '--profile', 'x', 'users', 'list'], { env }),
      run(['users', 'list', '--vendor', 'nope', '--base-url', 'http://127.0.0.1:9', '--cred', 'a=b'], { env }),
      run(['--profile', VENDOR_IDS[0]!, 'users', 'list', '--cred', 'no-such-field=x'], { env }),
      run(['--profile', VENDOR_IDS[0]!, 'users', 'list', '--base-url', 'not a url', ...credFlags()], { env }),
      run(['--profile', VENDOR_IDS[0]!, 'users', 'list', '--cred-env', 'password=UNIPBX_TEST_UNSET'], { env }),
    ]);
    usage(noVendor, /^unipbx: no PBX vendor given\nhint: use --vendor/);
    usage(noUrl, /^unipbx: no PBX base URL given\n/);
    usage(noCredentials, /^unipbx: no credentials given\n/);
    usage(unknownProfile, new RegExp(`^unipbx: no profile "nope" in .*config\\.json\\nhint: known profiles: ${VENDOR_IDS.join(', ')}\\n$`));
    usage(brokenConfig, /^unipbx: the config file .*broken\.json is not valid JSON \(line 1, column \d+\)\n$/);
    usage(unknownVendor, /unknown vendor "nope".*\[VALIDATION_FAILED\]\nhint: check the connection settings/);
    usage(badCredentials, /credentials.*\[VALIDATION_FAILED\]\nhint: check profile/);
    usage(badUrl, /baseUrl.*\[VALIDATION_FAILED\]/);
    usage(missingEnv, /the environment variable UNIPBX_TEST_UNSET is not set/);
  });

  it('2: input the library rejects before sending anything', async () => {
    const vendor = VENDOR_IDS.find((v) => VENDORS[v].capabilities['users.findByEmail'].support !== 'unsupported');
    if (!vendor) return;
    const result = await run(['--profile', vendor, 'users', 'find', '--email', 'not-an-email'], { env });
    usage(result, /^unipbx: .*email.*\[VALIDATION_FAILED\]\nhint: check the arguments: `unipbx users find --help`\n$/);
  });

  it('6: an error the PBX reports (creating a user whose extension is taken)', async () => {
    const s = sims.find((x) => VENDORS[x.vendor].capabilities['users.create'].support !== 'unsupported' && VENDORS[x.vendor].capabilities['users.list'].support !== 'unsupported');
    if (!s) return;
    const [taken] = await s.client.users.list().toArray({ max: 1 });
    const result = await run(['--profile', s.vendor, 'users', 'create', '--extension', taken!.extension!, '--display-name', 'Twin', '--email', 'twin@example.com'], { env });
    expect(result.code, result.stderr).toBe(EXIT.VENDOR);
    expect(result.stderr).toMatch(ONE_LINE_AND_HINT);
  });

  it('7: the PBX cannot be reached; --debug adds details and the stack', async () => {
    const port = await closedPort();
    // Refused connections are retried (3 retries, jittered backoff up to 1.75 s in all): the
    // --timeout must outlast them even on a loaded machine, or the timeout's message comes first.
    const args = ['--profile', VENDOR_IDS[0]!, '--base-url', `http://127.0.0.1:${port}`, ...credFlags(), '--timeout', '10000', 'whoami'];
    const [plain, debug] = await Promise.all([run(args, { env }), run([...args, '--debug'], { env })]);
    expect(plain.code, plain.stderr).toBe(EXIT.UNREACHABLE);
    expect(plain.stderr).toMatch(ONE_LINE_AND_HINT);
    expect(plain.stderr).toContain(`is the PBX reachable at http://127.0.0.1:${port}?`);
    expect(debug.code).toBe(EXIT.UNREACHABLE);
    expect(debug.stderr.startsWith(plain.stderr)).toBe(true);
    expect(debug.stderr).toMatch(/\ndetails: \{"name":"NetworkError","code":"NETWORK_ERROR"/);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
