/**
 * The package's entry points, as an integrator imports them after `npm run build`: each
 * `exports` entry resolves and exports what the docs promise, and the client entries load
 * no server or DI code (simulators load on demand, DI is `unipbx/di`).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BUILTIN_VENDOR_IDS } from '../../src/registry.js';
import { bundledSources } from '../support/bundle.js';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { exports: Record<string, string | { default: string; types: string }> };
const run = promisify(execFile);

/**
 * What each entry must export (a few names each; the types are checked by tsc). A built-in
 * vendor may be published as `unipbx/<id>`, exporting its definition `<id>`.
 */
const PROMISED: Record<string, readonly string[]> = {
  ...Object.fromEntries(BUILTIN_VENDOR_IDS.filter((id) => `./${id}` in pkg.exports).map((id) => [`./${id}`, [id]])),
  '.': ['createPbx', 'isPbxError', 'VENDORS', 'OPERATIONS', 'PbxError', 'UnsupportedOperationError', 'registerVendor', 'getVendor', 'runBulk', 'fileJournal'],
  './portsip': ['createPortSip', 'portsip', 'PORTSIP_CAPABILITIES'],
  './netpbx': ['createNetPbx', 'netpbx', 'NETPBX_CAPABILITIES'],
  './voipstudio': ['createVoipStudio', 'voipstudio', 'VOIPSTUDIO_CAPABILITIES'],
  './simulator': ['startSimulator', 'startAllSimulators', 'registerSimulator', 'FaultInjector', 'FAULT_KINDS'],
  './di': ['PBX_TYPES', 'unipbxModule', 'pbxClientModule'],
  './conformance': ['defineConformanceSuite', 'CONFORMANCE_CASES'],
  './provisioning': ['plan', 'apply', 'exportState', 'parseDesiredState', 'DesiredStateSchema'],
  './adapter-kit': ['createKernel', 'HttpKernel', 'SessionCache', 'fetchPage', 'fetchCursorPage', 'keepRaw', 'errorFromStatus', 'createReconciled', 'readModifyWrite', 'parseVendorOptions', 'completeManifest'],
  './adapter-kit/simulator': ['SimulatorPlumbing', 'FaultInjector', 'recordRequest', 'seedTools', 'runSimulator'],
};

const target = (entry: string): string => {
  const value = pkg.exports[entry]!;
  return fileURLToPath(new URL(typeof value === 'string' ? value : value.default, root));
};

// Fails the import when one of these packages is resolved.
const FORBID = (pattern: string) =>
  `data:text/javascript,${encodeURIComponent(`export async function resolve(s, c, n) { if (/${pattern}/.test(s)) throw new Error('loaded ' + s); return n(s, c); }`)}`;

/**
 * Every module file reachable from `file` through relative imports, static or dynamic (string
 * literals), as the sources they hold (the bundle's files stand for their sources).
 */
function importGraph(file: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) visit(resolve(dirname(file), match[1]!));
  };
  visit(file);
  return [...new Set([...seen].flatMap(bundledSources))];
}

describe('package entry points', () => {
  it('every entry the docs name exists in package.json, and nothing else', () => {
    expect(Object.keys(pkg.exports).filter((e) => e !== './package.json').sort()).toEqual(Object.keys(PROMISED).sort());
  });

  it.each(Object.entries(PROMISED))('%s exports what it promises', async (entry, names) => {
    const module = (await import(target(entry))) as Record<string, unknown>;
    for (const name of names) expect(module[name], `${entry} ${name}`).toBeDefined();
  });

  it('the bundle\'s source maps lead a stack trace back to the TypeScript sources (node --enable-source-maps)', async () => {
    const script = `const { createPbx } = await import(${JSON.stringify(target('.'))}); try { createPbx({ vendor: 'nope' }); } catch (e) { console.log(e.stack); }`;
    const { stdout } = await run(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script]);
    expect(stdout).toMatch(/ValidationError: /);
    expect(stdout).toMatch(/\((?:.*[/\\])?src[/\\]\S+\.ts:\d+:\d+\)/);
    expect(stdout).not.toMatch(/dist[/\\]bundle/);
  });

  it('the bundle keeps class names: every exported error class is named as exported (error.name)', async () => {
    const module = (await import(target('.'))) as Record<string, unknown>;
    const errors = Object.entries(module).filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error);
    expect(errors.length).toBeGreaterThan(10);
    for (const [name, value] of errors) expect((value as { name: string }).name).toBe(name);
  });

  const clientEntries = ['.', ...BUILTIN_VENDOR_IDS.map((id) => `./${id}`).filter((e) => e in pkg.exports), './adapter-kit'];

  it.each([...clientEntries, './adapter-kit/simulator'])('%s loads no simulator server code and no DI container', async (entry) => {
    const script = `import { register } from 'node:module'; register(${JSON.stringify(FORBID('^(inversify|reflect-metadata|hono|@hono\\/|ajv)'))}); await import(${JSON.stringify(target(entry))}); console.log('ok');`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
    expect(stdout.trim()).toBe('ok');
  });

  it.each(clientEntries)('%s has no import path (static or dynamic) to simulator code', (entry) => {
    const reached = importGraph(target(entry));
    expect(reached.length).toBeGreaterThan(3);
    expect(reached.filter((file) => /[/\\](simulator|sim)[/\\]/.test(file))).toEqual([]);
  });

  it('the hook used above does catch a forbidden import (so the test above can fail)', async () => {
    const script = `import { register } from 'node:module'; register(${JSON.stringify(FORBID('^hono'))}); await import(${JSON.stringify(target('./simulator'))}); const { startSimulator } = await import(${JSON.stringify(target('./simulator'))}); await startSimulator('portsip');`;
    await expect(run(process.execPath, ['--input-type=module', '-e', script])).rejects.toThrow(/loaded .*hono|built-in simulators\) needs hono/);
  });
});
