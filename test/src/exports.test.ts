/**
 * The package's entry points, as an integrator imports them after `npm run build`: each
 * `exports` entry resolves and exports what the docs promise, and the client entries load
 * no server or DI code (simulators load on demand, DI is `unipbx/di`).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { exports: Record<string, string | { default: string; types: string }> };
const run = promisify(execFile);

/** What each entry must export (a few names each; the types are checked by tsc). */
const PROMISED: Record<string, readonly string[]> = {
  '.': ['createPbx', 'isPbxError', 'VENDORS', 'OPERATIONS', 'PbxError', 'UnsupportedOperationError', 'runBulk', 'fileJournal'],
  './portsip': ['createPortSip', 'portsip', 'PORTSIP_CAPABILITIES'],
  './netpbx': ['createNetPbx', 'netpbx', 'NETPBX_CAPABILITIES'],
  './voipstudio': ['createVoipStudio', 'voipstudio', 'VOIPSTUDIO_CAPABILITIES'],
  './simulator': ['startSimulator', 'startAllSimulators', 'FaultInjector', 'FAULT_KINDS'],
  './di': ['PBX_TYPES', 'unipbxModule', 'pbxClientModule'],
  './conformance': ['defineConformanceSuite', 'CONFORMANCE_CASES'],
  './provisioning': ['plan', 'apply', 'exportState', 'parseDesiredState', 'DesiredStateSchema'],
};

const target = (entry: string): string => {
  const value = pkg.exports[entry]!;
  return fileURLToPath(new URL(typeof value === 'string' ? value : value.default, root));
};

// Fails the import when one of these packages is resolved.
const FORBID = (pattern: string) =>
  `data:text/javascript,${encodeURIComponent(`export async function resolve(s, c, n) { if (/${pattern}/.test(s)) throw new Error('loaded ' + s); return n(s, c); }`)}`;

describe('package entry points', () => {
  it('every entry the docs name exists in package.json, and nothing else', () => {
    expect(Object.keys(pkg.exports).filter((e) => e !== './package.json').sort()).toEqual(Object.keys(PROMISED).sort());
  });

  it.each(Object.entries(PROMISED))('%s exports what it promises', async (entry, names) => {
    const module = (await import(target(entry))) as Record<string, unknown>;
    for (const name of names) expect(module[name], `${entry} ${name}`).toBeDefined();
  });

  it.each(['.', './portsip', './netpbx', './voipstudio'])('%s loads no simulator server code and no DI container', async (entry) => {
    const script = `import { register } from 'node:module'; register(${JSON.stringify(FORBID('^(inversify|reflect-metadata|hono|@hono\\/|ajv)'))}); await import(${JSON.stringify(target(entry))}); console.log('ok');`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
    expect(stdout.trim()).toBe('ok');
  });

  it('the hook used above does catch a forbidden import (so the test above can fail)', async () => {
    const script = `import { register } from 'node:module'; register(${JSON.stringify(FORBID('^hono'))}); await import(${JSON.stringify(target('./simulator'))}); const { startSimulator } = await import(${JSON.stringify(target('./simulator'))}); await startSimulator('portsip');`;
    await expect(run(process.execPath, ['--input-type=module', '-e', script])).rejects.toThrow(/loaded .*hono|unipbx\/simulator needs hono/);
  });
});
