/**
 * After `tsc` and peer-entries.mjs: bundles what the package runs (issue 10, cold import).
 * Every public entry (package.json `exports`) and the command line come from ONE esbuild
 * build with code splitting, so each class, the vendor registry and the simulator registry
 * exist once however many entries a program (or a CLI plugin) imports, and a lazily loaded
 * part stays a lazily loaded chunk. Node then resolves and compiles ~20 files instead of ~40
 * per-file modules for `unipbx/portsip`, minified: the cold import's difference measured in
 * docs/performance.md ("Cold import: the bundle"). The per-file build in dist/ stays for the
 * type declarations, the demo and the peer-entry generator.
 *
 * Output mirrors the input paths under dist/bundle/ (dist/src/index.js → dist/bundle/src/index.js),
 * which is how an export's bundled file names its input. Source maps lead to the TypeScript
 * sources (esbuild follows tsc's maps; packableMap). dist/bundle.meta.json records which sources each
 * output holds (tests read it; it is not packed). Unchanged files are not rewritten, changed
 * ones are replaced whole (rename), and files no longer produced are removed.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist/bundle');
/** Entries only the `unipbx` bin runs (bin/unipbx.js): the peer check, then the command line. */
const BIN_ENTRIES = ['src/peers.js', 'src/cli/main.js'];

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const exported = Object.values(pkg.exports)
  .map((target) => (typeof target === 'object' ? target.default : undefined))
  .filter((file) => typeof file === 'string' && file.startsWith('./dist/bundle/'))
  .map((file) => file.slice('./dist/bundle/'.length));
const entries = [...new Set([...exported, ...BIN_ENTRIES])].map((file) => join(root, 'dist', file));

const result = await build({
  entryPoints: entries,
  outdir: out,
  outbase: join(root, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Dependencies and peers stay imports: the integrator's node_modules provides them.
  packages: 'external',
  // Identifiers are not renamed: error classes name themselves from `new.target.name`, and stack
  // traces read as written (test/src/exports.test.ts checks the names). Renaming them as well
  // measured no faster; `keepNames` would cost ~4 kB in every integrator's bundle.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  write: false,
  logLevel: 'warning',
  absWorkingDir: root,
});

/**
 * A map source in the per-file build (which is not packed) is a file tsc copied or a script
 * generated: point it at the copied file's original, or carry the generated file's text.
 */
function packableMap(path, text) {
  const map = JSON.parse(text);
  map.sourcesContent = map.sources.map(() => null);
  map.sources = map.sources.map((source, i) => {
    const file = join(dirname(path), source);
    if (!file.startsWith(join(root, 'dist/'))) return source;
    const original = join(root, relative(join(root, 'dist'), file));
    if (existsSync(original)) return relative(dirname(path), original);
    map.sourcesContent[i] = readFileSync(file, 'utf8');
    return source;
  });
  if (map.sourcesContent.every((content) => content === null)) delete map.sourcesContent;
  return Buffer.from(JSON.stringify(map));
}

const written = new Set();
for (const file of result.outputFiles) {
  written.add(file.path);
  const contents = file.path.endsWith('.map') ? packableMap(file.path, file.text) : Buffer.from(file.contents);
  if (existsSync(file.path) && readFileSync(file.path).equals(contents)) continue;
  mkdirSync(dirname(file.path), { recursive: true });
  // Written aside, then renamed over: a reader sees the old file or the new one, never half.
  writeFileSync(`${file.path}.tmp`, contents);
  renameSync(`${file.path}.tmp`, file.path);
}
for (const file of readdirSync(out, { recursive: true, withFileTypes: true })) {
  const path = join(file.parentPath, file.name);
  if (file.isFile() && !written.has(path)) rmSync(path);
}
// Which sources each bundled file holds: { "adapters/portsip/index.js": { "inputs": ["dist/adapters/portsip/index.js", …] }, … }.
const sources = Object.entries(result.metafile.outputs).filter(([output]) => !output.endsWith('.map')).map(([output, { inputs }]) => [relative('dist/bundle', output), { inputs: Object.keys(inputs) }]);
const meta = JSON.stringify(Object.fromEntries(sources), null, 1);
const metaFile = join(root, 'dist/bundle.meta.json');
if (!existsSync(metaFile) || readFileSync(metaFile, 'utf8') !== meta) writeFileSync(metaFile, meta);
