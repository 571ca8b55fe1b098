/**
 * Vendor plugins for the CLI: modules that register vendors (and their simulators) before the
 * commands are built, so every command (`capabilities`, `simulate`, `users …`) knows them.
 * They come from `--plugin MODULE` (repeatable; resolved from the working directory) and from
 * `plugins: ["MODULE", …]` in the config file (resolved from the config file's directory).
 *
 * A plugin registers when imported (`registerVendor` from `unipbx`, `registerSimulator` from
 * `unipbx/simulator`), or exports a default function that is called with those two — the
 * CLI's own, so a plugin that resolves another copy of unipbx still registers with this one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerVendor } from '../vendors.js';
import type { registerSimulator } from '../simulator.js';
import type { Env } from './context.js';
import { usageError } from './errors.js';
import { configPath } from './profiles.js';

/** What a plugin's default export is called with. */
export interface PluginApi {
  readonly registerVendor: typeof registerVendor;
  readonly registerSimulator: typeof registerSimulator;
}

/** The value of every `--name VALUE` / `--name=VALUE` in `argv` (before a `--`). */
function flagValues(argv: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    const arg = argv[i]!;
    if (arg === name && i + 1 < argv.length) values.push(argv[++i]!);
    else if (arg.startsWith(`${name}=`)) values.push(arg.slice(name.length + 1));
  }
  return values;
}

/** The plugins the config file names, with the directory to resolve them from. */
function configPlugins(argv: readonly string[], env: Env): Array<{ readonly specifier: string; readonly from: string }> {
  const config = flagValues(argv, '--config').at(-1);
  const path = configPath(config !== undefined ? { config } : {}, env);
  if (!existsSync(path)) return [];
  let plugins: unknown;
  try {
    plugins = (JSON.parse(readFileSync(path, 'utf8')) as { plugins?: unknown }).plugins;
  } catch {
    return []; // an unreadable config file is reported by the command that reads it
  }
  if (plugins === undefined) return [];
  if (!Array.isArray(plugins) || !plugins.every((p) => typeof p === 'string' && p !== '')) throw usageError(`"plugins" in ${path} must be a list of module names or paths`);
  return plugins.map((specifier: string) => ({ specifier, from: dirname(path) }));
}

/** A file URL for `specifier`: a path (relative to `from`) or a package name resolved from `from`. */
function locate(specifier: string, from: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier)) return pathToFileURL(resolve(from, specifier)).href;
  return pathToFileURL(createRequire(join(from, 'noop.js')).resolve(specifier)).href;
}

/** Loads the plugins `argv` and the config file name; a plugin that cannot be loaded is a usage error. */
export async function loadPlugins(argv: readonly string[], env: Env, cwd: string = process.cwd()): Promise<string[]> {
  const plugins = [...flagValues(argv, '--plugin').map((specifier) => ({ specifier, from: cwd })), ...configPlugins(argv, env)];
  if (plugins.length === 0) return [];
  // The simulator registry is loaded only when there is a plugin to hand it to.
  const { registerSimulator } = await import('../simulator.js');
  const loaded: string[] = [];
  for (const { specifier, from } of plugins) {
    try {
      const module = (await import(locate(specifier, from))) as { default?: unknown };
      if (typeof module.default === 'function') await (module.default as (api: PluginApi) => unknown)({ registerVendor, registerSimulator });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw usageError(`cannot load the plugin "${specifier}": ${reason}`, 'a plugin is a module path or package name that registers vendors (see docs/adapters.md)');
    }
    loaded.push(specifier);
  }
  return loaded;
}
