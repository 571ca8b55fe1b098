/**
 * The main job, `npm start`: the scripts that build it (incrementally) and the package's
 * `bin` (on install, `prepare`), and `node dist/src/demo.js` run as a real process: every
 * vendor side by side under each step, and what each vendor cannot do with its manifest's
 * reason, in seconds. It uses the public API only.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VENDORS, VENDOR_IDS } from '../../src/index.js';

const ROOT = new URL('../../', import.meta.url);
const DEMO = fileURLToPath(new URL('dist/src/demo.js', ROOT));
const STEPS = ['directory', 'user change', 'team change', 'agent login', "yesterday's calls"];
const LIMIT_MS = 30_000;

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO], { env: { PATH: process.env['PATH'] ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm start did not finish in ${LIMIT_MS} ms\n${stdout}\n${stderr}`));
    }, LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe('npm start', () => {
  it('scripts: the build is incremental (build info inside dist/), "start" builds then runs the demo, no install script (the bin builds a fresh clone itself)', () => {
    const { scripts } = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts['build']).toMatch(/--incremental --tsBuildInfoFile dist\/[^ ]+/);
    expect(scripts['prepare']).toBeUndefined();
    expect(scripts['start']).toMatch(/^npm run build( --silent)? && node dist\/src\/demo\.js$/);
  });

  it('src/demo.ts, scenario.ts and report.ts use the public API only (the package entry points)', () => {
    const allowed = new Set(['./index.js', './simulator.js', './scenario.js', './report.js']);
    for (const file of ['demo.ts', 'scenario.ts', 'report.ts']) {
      const source = readFileSync(new URL(`src/${file}`, ROOT), 'utf8');
      const imports = [...source.matchAll(/^(?:import|export)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
      expect(imports.filter((name) => !allowed.has(name) && !name.startsWith('node:')), file).toEqual([]);
    }
  });

  it(
    'runs the scenario against every vendor side by side and prints what each cannot do, with the reason',
    async () => {
      const { code, stdout, stderr, ms } = await runDemo();
      expect(code, stderr).toBe(0);
      expect(stderr).toBe('');
      expect(ms).toBeLessThan(LIMIT_MS);
      const lines = stdout.split('\n');

      // Each step, then one line per vendor in registry order: side by side, none failed.
      for (const step of STEPS) {
        const at = lines.indexOf(step);
        expect(at, `step "${step}"`).toBeGreaterThan(0);
        const rows = lines.slice(at + 1, at + 1 + VENDOR_IDS.length);
        expect(rows.map((line) => line.trim().split(/\s+/)[0])).toEqual(VENDOR_IDS);
        for (const row of rows) expect(row).toMatch(/^ {2}\S+\s+(ok|skipped)\s{2,}\S/);
      }

      // What each vendor cannot do: exactly its manifest's unsupported operations and reasons.
      const heading = lines.indexOf('What each vendor cannot do (from its capability manifest):');
      expect(heading).toBeGreaterThan(0);
      const section = lines.slice(heading + 1).filter((line) => line.startsWith('  '));
      for (const vendor of VENDOR_IDS) {
        const expected = Object.entries(VENDORS[vendor].capabilities).flatMap(([operation, c]) => (c.support === 'unsupported' ? [`${operation}: ${c.reason}`] : []));
        const printed = section.filter((line) => line.trim().split(/\s+/)[0] === vendor).map((line) => line.trim().slice(vendor.length).trim());
        expect(printed, vendor).toEqual(expected.length > 0 ? expected : ['everything is supported']);
      }
      expect(stdout).toMatch(/\ndone in \d+\.\d s\n$/);
    },
    LIMIT_MS + 10_000,
  );
});
