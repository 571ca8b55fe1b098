/**
 * The built bundle (scripts/bundle.mjs) read as sources: a file of dist/bundle/ stands for the
 * sources bundled into it, from dist/bundle.meta.json. Tests that check what an entry or the
 * CLI loads use it to keep speaking of source paths (dist/adapters/portsip/…, core/…).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = new URL('../../', import.meta.url);
const BUNDLE = new URL('dist/bundle/', ROOT).href;

let meta: Record<string, { readonly inputs: readonly string[] }> | undefined;

/** The files (absolute paths) whose code `file` holds: `file` itself unless it belongs to the bundle. */
export function bundledSources(file: string): string[] {
  const url = file.startsWith('file:') ? file : pathToFileURL(file).href;
  if (!url.startsWith(BUNDLE)) return [fileURLToPath(url)];
  meta ??= JSON.parse(readFileSync(new URL('dist/bundle.meta.json', ROOT), 'utf8')) as typeof meta;
  const entry = meta![url.slice(BUNDLE.length)];
  if (!entry) throw new Error(`${url} is not in dist/bundle.meta.json: rebuild (npm run build)`);
  return entry.inputs.map((input) => fileURLToPath(new URL(input, ROOT)));
}
