/**
 * `cdrs export`: every record of the range, streamed page by page into a file that appears
 * only once complete (a temporary file renamed into place); byte-identical across runs on
 * the same seed; an interrupted or failed export leaves no file that looks complete, and
 * never replaces an existing one.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VENDORS, VENDOR_IDS } from '../../src/index.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { asJson, cleanEnv, exited, killLeftovers, ndjson, outputOf, removeDir, run, spawnCli, startSim, tempDir, writeConfig, type Sim } from './support.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });
afterAll(killLeftovers);

/** A frozen clock, so that two simulators on the same seed hold the same records whatever the day. */
const NOW = Date.parse('2025-03-14T12:00:00Z');
const SEEDED = { seed: 21, users: 25, cdrs: 400, now: () => NOW };

/** stderr without the line that shows the resolved range. */
const withoutRange = (stderr: string) => stderr.replace(/^range: [^\n]*\n/, '');

/** Files in `dir` other than the config file. */
const files = (dir: string) => readdirSync(dir).filter((f) => f !== 'config.json').sort();

interface Proxy {
  readonly url: string;
  /** Requests seen so far. */
  count: number;
  /** From this request on (1-based): answer slowly, or fail. */
  slowFrom: number;
  failFrom: number;
  close(): Promise<void>;
}

/** A loopback proxy in front of a simulator that can slow down or fail requests after the first few. */
async function proxyTo(target: string): Promise<Proxy> {
  const base = new URL(target);
  const state = { count: 0, slowFrom: Number.POSITIVE_INFINITY, failFrom: Number.POSITIVE_INFINITY };
  const server: Server = createServer((req, res) => {
    const n = ++state.count;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (n >= state.failFrom) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"injected failure"}');
        return;
      }
      if (n >= state.slowFrom) await new Promise((r) => setTimeout(r, 400));
      const upstream = await fetch(new URL(req.url ?? '/', base.origin), {
        method: req.method!,
        headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)) as Array<[string, string]>),
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      }).catch(() => undefined);
      if (!upstream) return void res.destroy();
      res.writeHead(upstream.status, Object.fromEntries([...upstream.headers].filter(([k]) => !['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(k))));
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}${base.pathname.replace(/\/$/, '')}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

for (const vendor of VENDOR_IDS) {
  const supported = VENDORS[vendor].capabilities['cdrs.list'].support !== 'unsupported';

  describe(`cdrs export (${vendor})`, () => {
    let dir: string;
    let env: Record<string, string>;
    let a: Sim;
    let b: Sim;
    let range: string[];

    beforeAll(async () => {
      dir = tempDir();
      // Two simulators, same seed: the export must not depend on which one answers.
      [a, b] = await Promise.all([startSim(vendor, SEEDED), startSim(vendor, SEEDED)]);
      env = cleanEnv(dir, { UNIPBX_CONFIG: writeConfig(dir, { a, b }) });
      const { from, to } = a.sim.facts.cdrRange;
      range = ['--from', from.toISOString(), '--to', to.toISOString()];
    });
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
      removeDir(dir);
    });

    it.runIf(!supported)('is refused before any file is created', async () => {
      const result = await run(['--profile', 'a', 'cdrs', 'export', ...range, '--out', join(dir, 'calls.csv')], { env });
      expect(result.code, result.stderr).toBe(EXIT.UNSUPPORTED);
      expect(files(dir)).toEqual([]);
    });

    describe.runIf(supported)('of a vendor with call records', () => {
      it('CSV: complete, and byte-identical across runs and simulators on the same seed', async () => {
        const out = (name: string) => join(dir, name);
        const [first, again, other] = await Promise.all([
          run(['--profile', 'a', 'cdrs', 'export', ...range, '--out', out('1.csv'), '--page-size', '25'], { env }),
          run(['--profile', 'a', 'cdrs', 'export', ...range, '--out', out('2.csv')], { env }),
          run(['--profile', 'b', 'cdrs', 'export', ...range, '--out', out('3.csv'), '--json'], { env }),
        ]);
        for (const r of [first, again, other]) expect(r.code, r.stderr).toBe(EXIT.OK);
        const expected = await a.client.cdrs.list({ from: a.sim.facts.cdrRange.from, to: a.sim.facts.cdrRange.to }).toArray();
        expect(expected.length).toBeGreaterThan(25); // several pages
        const text = readFileSync(out('1.csv'), 'utf8');
        const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
        expect(rows.map((r) => r['id'])).toEqual(expected.map((c) => c.id));
        expect(rows.map((r) => r['startedAt'])).toEqual(expected.map((c) => c.startedAt.toISOString()));
        expect(text.endsWith('\n')).toBe(true);
        expect(readFileSync(out('2.csv'))).toEqual(readFileSync(out('1.csv')));
        expect(readFileSync(out('3.csv'))).toEqual(readFileSync(out('1.csv')));
        expect(first.stdout).toBe(`exported ${expected.length} call records to ${out('1.csv')} (csv)\n`);
        expect(JSON.parse(other.stdout)).toEqual({
          operation: 'cdrs.export',
          file: out('3.csv'),
          format: 'csv',
          records: expected.length,
          from: a.sim.facts.cdrRange.from.toISOString(),
          to: a.sim.facts.cdrRange.to.toISOString(),
          ok: true,
        });
        // The resolved range is shown on stderr before anything is fetched.
        expect(first.stderr).toContain(`range: ${a.sim.facts.cdrRange.from.toISOString()} to ${a.sim.facts.cdrRange.to.toISOString()}`);
        expect(files(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
      });

      it('NDJSON (from the file name): one record per line, as the library returns them; a progress bar with --progress', async () => {
        const out = join(dir, 'calls.ndjson');
        const result = await run(['--profile', 'a', 'cdrs', 'export', ...range, '--out', out, '--progress'], { env });
        expect(result.code, result.stderr).toBe(EXIT.OK);
        const expected = asJson(await a.client.cdrs.list({ from: a.sim.facts.cdrRange.from, to: a.sim.facts.cdrRange.to }).toArray()) as unknown[];
        expect(ndjson(readFileSync(out, 'utf8'))).toEqual(expected);
        expect(result.stderr).toMatch(new RegExp(`cdrs export .*${expected.length}(/${expected.length})? records \\| \\d+ records/s`));
      });

      it('Ctrl-C: exit 130, no partial file left, an existing file untouched', async () => {
        const proxy = await proxyTo(a.sim.url);
        try {
          const out = join(dir, 'interrupted.csv');
          writeFileSync(out, 'the previous export\n');
          proxy.slowFrom = 3; // the first requests (sign-in, first page) are quick, the rest slow
          const child = spawnCli(['cdrs', 'export', ...range, '--out', out, '--page-size', '10'], {
            env: cleanEnv(dir, { UNIPBX_VENDOR: vendor, UNIPBX_BASE_URL: proxy.url, UNIPBX_CREDENTIALS: JSON.stringify(a.sim.credentials) }),
          });
          const output = outputOf(child);
          // Wait until the temporary file holds data, then interrupt.
          await new Promise<void>((resolve, reject) => {
            const started = Date.now();
            const poll = setInterval(() => {
              const partial = readdirSync(dir).find((f) => f.startsWith('.interrupted.csv.') && f.endsWith('.partial'));
              if (partial && readFileSync(join(dir, partial)).length > 0) {
                clearInterval(poll);
                resolve();
              } else if (Date.now() - started > 30_000 || child.exitCode !== null) {
                clearInterval(poll);
                reject(new Error(`no partial file appeared\n${output.stderr()}`));
              }
            }, 20);
          });
          child.kill('SIGINT');
          const { code } = await exited(child);
          expect(code, output.stderr()).toBe(EXIT.INTERRUPTED);
          expect(withoutRange(output.stderr())).toBe('unipbx: interrupted (SIGINT)\n');
          expect(readFileSync(out, 'utf8')).toBe('the previous export\n');
          expect(files(dir).filter((f) => f.startsWith('.interrupted'))).toEqual([]);
        } finally {
          await proxy.close();
        }
      });

      it('a failure half way: an error exit, no file, no partial file', async () => {
        const proxy = await proxyTo(a.sim.url);
        try {
          proxy.failFrom = 4;
          const out = join(dir, 'failed.csv');
          const result = await run(['cdrs', 'export', ...range, '--out', out, '--page-size', '10'], {
            env: cleanEnv(dir, { UNIPBX_VENDOR: vendor, UNIPBX_BASE_URL: proxy.url, UNIPBX_CREDENTIALS: JSON.stringify(a.sim.credentials) }),
          });
          expect(result.code, result.stderr).toBe(EXIT.VENDOR);
          expect(withoutRange(result.stderr)).toMatch(/^unipbx: [^\n]+\nhint: [^\n]+\n$/);
          expect(proxy.count).toBeGreaterThanOrEqual(4);
          expect(existsSync(out)).toBe(false);
          expect(files(dir).filter((f) => f.includes('failed.csv'))).toEqual([]);
        } finally {
          await proxy.close();
        }
      });

      it('--out: an existing directory, a name that says another format, or --raw with CSV fail before any request', async () => {
        const before = a.sim.requestCount();
        const cli = (...args: string[]) => run(['--profile', 'a', 'cdrs', 'export', ...range, ...args], { env });
        const [directory, slash, json, contradicts, raw] = await Promise.all([
          cli('--out', dir),
          cli('--out', `${join(dir, 'sub')}/`),
          cli('--out', join(dir, 'calls.json')),
          cli('--out', join(dir, 'calls.csv'), '--format', 'ndjson'),
          cli('--out', join(dir, 'raw.csv'), '--raw'),
        ]);
        for (const result of [directory, slash, json, contradicts, raw]) {
          expect(result.code, result.stderr).toBe(EXIT.USAGE);
          expect(result.stderr).toMatch(/^unipbx: [^\n]+\nhint: [^\n]+\n$/);
        }
        expect(directory.stderr).toContain(`--out ${dir} is a directory`);
        expect(slash.stderr).toContain('is a directory');
        expect(json.stderr).toContain('a .json file would hold CSV\nhint: exports are CSV or NDJSON: name the file .csv, .ndjson or .jsonl');
        expect(contradicts.stderr).toContain('a .csv file would hold NDJSON\nhint: name the file .ndjson, or use --format csv');
        expect(raw.stderr).toContain('--raw needs an NDJSON export');
        expect(a.sim.requestCount()).toBe(before);
        expect(files(dir).filter((f) => /calls\.json|calls\.csv|raw\.csv|^sub/.test(f))).toEqual([]);
      });

      it('.jsonl means NDJSON; --raw keeps the vendor payload there; another extension defaults to CSV', async () => {
        const [jsonl, txt] = await Promise.all([
          run(['--profile', 'a', 'cdrs', 'export', ...range, '--out', join(dir, 'raw.jsonl'), '--raw'], { env }),
          run(['--profile', 'a', 'cdrs', 'export', ...range, '--out', join(dir, 'calls.txt')], { env }),
        ]);
        expect(jsonl.code, jsonl.stderr).toBe(EXIT.OK);
        expect(jsonl.stdout).toMatch(/\(ndjson\)\n$/);
        const records = ndjson(readFileSync(join(dir, 'raw.jsonl'), 'utf8')) as Array<{ raw?: unknown }>;
        expect(records.length).toBeGreaterThan(0);
        expect(records.every((r) => r.raw !== undefined)).toBe(true);
        expect(txt.code, txt.stderr).toBe(EXIT.OK);
        expect(readFileSync(join(dir, 'calls.txt'), 'utf8')).toMatch(/^id,callId,startedAt,/);
      });

      it('an invalid range or a directory that does not exist fails before writing anything', async () => {
        const [backwards, noDir] = await Promise.all([
          run(['--profile', 'a', 'cdrs', 'export', '--from', 'today', '--to', 'yesterday', '--out', join(dir, 'backwards.csv')], { env }),
          run(['--profile', 'a', 'cdrs', 'export', ...range, '--out', join(dir, 'missing', 'calls.csv')], { env }),
        ]);
        expect(backwards.code, backwards.stderr).toBe(EXIT.USAGE);
        expect(noDir.code, noDir.stderr).toBe(EXIT.USAGE);
        expect(noDir.stderr).toMatch(/the directory .*missing does not exist/);
        expect(files(dir).filter((f) => f.includes('backwards') || f === 'missing')).toEqual([]);
      });
    });
  });
}
