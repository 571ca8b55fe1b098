/**
 * Connection profiles: which PBX to talk to and how to sign in, from flags, environment
 * variables or a named profile in the config file. The CLI knows nothing about any vendor's
 * credentials: they are an object handed to `createPbx` as is, and the vendor's own
 * validation reports what is wrong with them.
 *
 * Precedence, field by field: flags, then the profile named with `--profile`, then the
 * `UNIPBX_*` environment variables, then the profile named by `UNIPBX_PROFILE`. (An explicit
 * `--profile` is a command-line choice, so it beats the environment.) `--cred` / `--cred-env`
 * fields are merged over the credentials from the profile or `UNIPBX_CREDENTIALS`. Stored
 * credentials (a profile's, `UNIPBX_CREDENTIALS`) go only to the base URL and vendor of the
 * same source, unless both `--base-url` and `--cred` / `--cred-env` are given.
 *
 * Secret values need not live in the file: `"password": { "env": "PBX_PASSWORD" }` reads an
 * environment variable, `{ "file": "/run/secrets/pbx" }` a file.
 */
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { VENDOR_IDS } from '../vendors.js';
import { urlPassword } from '../../core/http/redact.js';
import { SECRET_KEY, registerSecret, usageError } from './errors.js';

/** A profile in the config file. */
export interface Profile {
  readonly vendor?: string;
  readonly baseUrl?: string;
  /** The vendor's credentials object; values may be `{ "env": "VAR" }` or `{ "file": "PATH" }`. */
  readonly credentials?: Record<string, unknown>;
  /** More vendor options passed to `createPbx` (e.g. `timeoutMs`, a vendor's login method). */
  readonly options?: Record<string, unknown>;
  /**
   * A PEM file of the CA (or self-signed certificate) that signed the PBX's certificate, trusted
   * for this PBX only (verification stays on). Relative to the config file's folder.
   */
  readonly ca?: string;
  readonly description?: string;
}

/** The config file's contents. */
export interface ConfigFile {
  readonly profiles: Record<string, Profile>;
  /** Vendor plugins the CLI loads (plugins.ts). */
  readonly plugins?: readonly string[];
}

/** A profile's fields and what each must be (the config file is checked by hand: the CLI starts without zod). */
const PROFILE_FIELDS: { readonly [K in keyof Required<Profile>]: 'text' | 'non-empty text' | 'object' } = {
  vendor: 'non-empty text',
  baseUrl: 'non-empty text',
  credentials: 'object',
  options: 'object',
  ca: 'non-empty text',
  description: 'text',
};

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** What is wrong with a profile, as `path: problem` items. */
function profileIssues(profile: unknown, path: string): string[] {
  if (!isObject(profile)) return [`${path}: must be an object`];
  return Object.entries(profile).flatMap(([key, value]) => {
    const kind = Object.hasOwn(PROFILE_FIELDS, key) ? PROFILE_FIELDS[key as keyof Profile] : undefined;
    if (kind === undefined) return [`${path}: unknown key "${key}"`];
    const ok = kind === 'object' ? isObject(value) : typeof value === 'string' && (kind === 'text' || value !== '');
    return ok ? [] : [`${path}.${key}: must be ${kind === 'object' ? 'an object' : kind === 'text' ? 'a string' : 'a non-empty string'}`];
  });
}

/** What is wrong with the config file's contents, as `path: problem` items; none when it is a {@link ConfigFile}. */
function configIssues(config: unknown): string[] {
  if (!isObject(config)) return ['(top level): must be an object'];
  const { profiles, plugins } = config;
  const issues = Object.keys(config).filter((key) => key !== 'profiles' && key !== 'plugins').map((key) => `(top level): unknown key "${key}"`);
  if (plugins !== undefined && !(Array.isArray(plugins) && plugins.every((p) => typeof p === 'string' && p !== ''))) issues.push('plugins: must be a list of module names or paths');
  if (profiles === undefined) return issues;
  if (!isObject(profiles)) return [...issues, 'profiles: must be an object'];
  return [...issues, ...Object.entries(profiles).flatMap(([name, profile]) => profileIssues(profile, `profiles.${name}`))];
}

/** The connection settings the CLI was given. */
export interface ConnectionFlags {
  readonly profile?: string;
  readonly config?: string;
  readonly vendor?: string;
  readonly baseUrl?: string;
  /** `key=value` strings. */
  readonly cred?: readonly string[];
  /** `key=ENV_VAR` strings. */
  readonly credEnv?: readonly string[];
  readonly timeout?: number;
  /** `--ca FILE`: a PEM file trusted for this PBX only (relative to the working directory). */
  readonly ca?: string;
}

/** Where to connect, resolved. `credentials` may hold secrets: never print it. */
export interface Connection {
  readonly vendor: string;
  readonly baseUrl: string;
  readonly credentials: Record<string, unknown> | undefined;
  readonly options: Record<string, unknown>;
  /** The profile used, if any. */
  readonly profile?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The config file: `--config`, `UNIPBX_CONFIG`, or `$XDG_CONFIG_HOME/unipbx/config.json` (`~/.config/unipbx/config.json`). */
export function configPath(flags: Pick<ConnectionFlags, 'config'>, env: Env): string {
  if (flags.config) return resolve(flags.config);
  if (env['UNIPBX_CONFIG']) return resolve(env['UNIPBX_CONFIG']);
  const base = env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config');
  return join(base, 'unipbx', 'config.json');
}

/** `path` with the home directory shown as `~`. */
export function displayPath(path: string, env: Env): string {
  const home = env['HOME'] || homedir();
  return home && (path === home || path.startsWith(`${home}/`)) ? `~${path.slice(home.length)}` : path;
}

/**
 * Parses JSON without ever echoing its text: `JSON.parse` messages quote the input, which may
 * hold a password.
 */
function parseJsonQuietly(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    let where = '';
    if (position) {
      const before = text.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      where = ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
    }
    throw usageError(`${what} is not valid JSON${where}`);
  }
}

/** Reads the config file; `undefined` when it does not exist. */
export function readConfig(path: string, env: Env): ConfigFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw usageError(`cannot read the config file ${displayPath(path, env)}: ${(error as Error).message}`);
  }
  const config = parseJsonQuietly(text, `the config file ${displayPath(path, env)}`);
  const issues = configIssues(config);
  if (issues.length > 0) {
    throw usageError(`the config file ${displayPath(path, env)} is not valid: ${issues.join('; ')}`, 'it holds `{ "profiles": { "<name>": { "vendor", "baseUrl", "credentials", "options" } } }`');
  }
  const { profiles = {}, ...rest } = config as Partial<ConfigFile>;
  return { ...rest, profiles };
}

/**
 * Adds or replaces profiles in the config file, keeping every other profile. Written to a
 * temporary file renamed into place, readable by the owner only. A symlinked config file (a
 * dotfiles setup) stays a link: the file it points to is the one replaced.
 */
export function saveProfiles(path: string, profiles: Readonly<Record<string, Profile>>, env: Env): void {
  const current = readConfig(path, env);
  const next: ConfigFile = { ...current, profiles: { ...current?.profiles, ...profiles } };
  const target = linkTarget(path);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const temp = join(dirname(target), `.config.json.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    renameSync(temp, target);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Where `path` leads once symbolic links are followed (also a dangling link: the file it names). */
function linkTarget(path: string): string {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    const info = lstatSync(current, { throwIfNoEntry: false });
    if (!info?.isSymbolicLink()) return current;
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw usageError(`${path}: too many levels of symbolic links`);
}

/** Resolves `{ "env": "VAR" }` and `{ "file": "PATH" }` references, recursively. */
function resolveRefs(value: unknown, path: string, env: Env): unknown {
  if (Array.isArray(value)) return value.map((item, i) => resolveRefs(item, `${path}.${i}`, env));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]![0] === 'env' && typeof entries[0]![1] === 'string') {
    const name = entries[0]![1];
    const resolved = env[name];
    if (resolved === undefined) throw usageError(`${path} refers to the environment variable ${name}, which is not set`, `export ${name}=… before running unipbx`);
    return resolved;
  }
  if (entries.length === 1 && entries[0]![0] === 'file' && typeof entries[0]![1] === 'string') {
    const file = entries[0]![1];
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw usageError(`${path} refers to the file ${file}, which cannot be read (${(error as { code?: string }).code ?? 'error'})`, 'check the path (relative to the current directory) and the permissions');
    }
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveRefs(item, `${path}.${key}`, env)]));
}

/** Registers every secret-looking value of a credentials object with the scrubber. */
function registerSecrets(value: unknown, key = ''): void {
  if (typeof value === 'string') {
    if (SECRET_KEY.test(key)) registerSecret(value);
  } else if (Array.isArray(value)) {
    for (const item of value) registerSecrets(item, key);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) registerSecrets(v, SECRET_KEY.test(key) ? key : k);
  }
}

/** Splits `key=value` flags. The value is never echoed in an error: it may be a password. */
function keyValues(items: readonly string[] | undefined, flag: string): Array<[string, string]> {
  return (items ?? []).map((item) => {
    const eq = item.indexOf('=');
    if (eq <= 0) throw usageError(`${flag} takes key=value (an argument without "=" or without a key was given)`, `e.g. ${flag} ${flag === '--cred' ? 'username=admin' : 'password=PBX_PASSWORD'}`);
    return [item.slice(0, eq), item.slice(eq + 1)];
  });
}

function credentialsFromFlags(flags: ConnectionFlags, env: Env): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of keyValues(flags.cred, '--cred')) out[key] = value;
  for (const [key, name] of keyValues(flags.credEnv, '--cred-env')) {
    const value = env[name];
    if (value === undefined) throw usageError(`--cred-env ${key}=${name}: the environment variable ${name} is not set`);
    out[key] = value;
  }
  return out;
}

function loadProfile(name: string, flags: ConnectionFlags, env: Env): Profile {
  const path = configPath(flags, env);
  const config = readConfig(path, env);
  if (!config) {
    throw usageError(`no profile "${name}": there is no config file at ${displayPath(path, env)}`, '`unipbx simulate all` writes sim-* profiles there; or set UNIPBX_CONFIG / --config');
  }
  const profile = config.profiles[name];
  if (!profile) {
    const known = Object.keys(config.profiles);
    throw usageError(`no profile "${name}" in ${displayPath(path, env)}`, known.length ? `known profiles: ${known.join(', ')}` : 'the file has no profiles yet');
  }
  return profile;
}

/** The PEM text of `--ca FILE` / a profile's `ca`, checked before anything is sent. */
function readCa(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw usageError(`--ca ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 'give the PEM file of the CA or self-signed certificate that signed the PBX certificate');
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw usageError(`--ca ${path}: not a PEM certificate`, 'the file must hold one or more "-----BEGIN CERTIFICATE-----" blocks');
  return text;
}

/** Reads `UNIPBX_CREDENTIALS` (a JSON object; never echoed). */
function credentialsFromEnv(env: Env): Record<string, unknown> | undefined {
  const text = env['UNIPBX_CREDENTIALS'];
  if (text === undefined || text === '') return undefined;
  const value = parseJsonQuietly(text, 'UNIPBX_CREDENTIALS');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw usageError('UNIPBX_CREDENTIALS must be a JSON object, e.g. {"username":"admin","password":"…"}');
  return value as Record<string, unknown>;
}

type Field = 'vendor' | 'baseUrl' | 'credentials';

/** One place connection settings come from, as it is called in messages. */
interface Source {
  /** `--base-url`, `UNIPBX_BASE_URL`, `profile "office" (--profile)`: where `field` was read. */
  readonly label: (field: Field) => string;
  readonly vendor?: string | undefined;
  readonly baseUrl?: string | undefined;
  /** Credentials as stored (references not resolved yet). Flags' credentials are merged separately. */
  readonly credentials?: Record<string, unknown> | undefined;
  readonly options?: Record<string, unknown> | undefined;
  /** A PEM file path, absolute or relative to the working directory. */
  readonly ca?: string | undefined;
}

const FLAG_NAMES: Record<Field, string> = { vendor: '--vendor', baseUrl: '--base-url', credentials: '--cred' };
const ENV_NAMES: Record<Field, string> = { vendor: 'UNIPBX_VENDOR', baseUrl: 'UNIPBX_BASE_URL', credentials: 'UNIPBX_CREDENTIALS' };

/** The profile to use: `--profile`, else `UNIPBX_PROFILE`; and which of the two named it. */
function profileChoice(flags: ConnectionFlags, env: Env): { name: string; via: string } | undefined {
  if (flags.profile) return { name: flags.profile, via: '--profile' };
  const name = env['UNIPBX_PROFILE'];
  return name ? { name, via: 'UNIPBX_PROFILE' } : undefined;
}

/**
 * The sources of connection settings, highest precedence first: flags, the `--profile`
 * profile, the environment, the `UNIPBX_PROFILE` profile. `UNIPBX_CREDENTIALS` is parsed
 * only when `withCredentials` (so that `capabilities` does not trip over it).
 */
function sources(flags: ConnectionFlags, env: Env, withCredentials: boolean): Source[] {
  const choice = profileChoice(flags, env);
  const stored = choice && loadProfile(choice.name, flags, env);
  const profile: Source | undefined = choice && {
    label: () => `profile "${choice.name}" (${choice.via})`,
    ...stored,
    ...(stored?.ca !== undefined ? { ca: resolve(dirname(configPath(flags, env)), stored.ca) } : {}),
  };
  const fromEnv: Source = {
    label: (field) => ENV_NAMES[field],
    vendor: env['UNIPBX_VENDOR'] || undefined,
    baseUrl: env['UNIPBX_BASE_URL'] || undefined,
    credentials: withCredentials ? credentialsFromEnv(env) : undefined,
  };
  const fromFlags: Source = { label: (field) => FLAG_NAMES[field], vendor: flags.vendor, baseUrl: flags.baseUrl, ca: flags.ca };
  // An explicit --profile is a command-line choice, so it beats the environment; UNIPBX_PROFILE does not.
  const ordered = choice?.via === '--profile' ? [fromFlags, profile, fromEnv] : [fromFlags, fromEnv, profile];
  return ordered.filter((source): source is Source => source !== undefined);
}

/** The first source that sets `field`, and its value. */
function pick<K extends Field>(list: readonly Source[], field: K): { value: NonNullable<Source[K]>; source: Source } | undefined {
  const source = list.find((s) => s[field] !== undefined);
  return source && { value: source[field]!, source };
}

const sameUrl = (a: string, b: string): boolean => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/**
 * Refuses to send credentials stored in a profile or in `UNIPBX_CREDENTIALS` anywhere but
 * to the base URL (and vendor) stored with them: a leftover `UNIPBX_BASE_URL` must not
 * receive a profile's password. Only both `--base-url` and `--cred` / `--cred-env` on the
 * command line send them elsewhere on purpose.
 */
function checkSameSource(credentials: Source, vendor: { value: string; source: Source }, baseUrl: { value: string; source: Source }, flags: ConnectionFlags): void {
  if (flags.baseUrl !== undefined && (flags.cred?.length || flags.credEnv?.length)) return;
  const conflicts = [
    // A source without a vendor (a profile that leaves it out) may take it from elsewhere; never the base URL.
    credentials.baseUrl !== undefined && sameUrl(credentials.baseUrl, baseUrl.value) ? undefined : (['base URL', baseUrl.source.label('baseUrl')] as const),
    credentials.vendor === undefined || credentials.vendor === vendor.value ? undefined : (['vendor', vendor.source.label('vendor')] as const),
  ].filter((c) => c !== undefined);
  if (conflicts.length === 0) return;
  const what = conflicts.map(([field, from]) => `the ${field} from ${from}`).join(' and ');
  throw usageError(
    `the credentials come from ${credentials.label('credentials')} but ${what}: unipbx sends stored credentials only to the server stored with them`,
    `unset or drop ${conflicts.map(([, from]) => from).join(' and ')}; to send credentials to another server on purpose, give both --base-url and --cred / --cred-env`,
  );
}

/** The vendor configured by flags, environment or profile, if any (without requiring the rest). */
export function configuredVendor(flags: ConnectionFlags, env: Env): string | undefined {
  return pick(sources(flags, env, false), 'vendor')?.value;
}

/**
 * Resolves the connection from flags, environment and config file, and registers the
 * secrets it holds with the scrubber. Each setting comes from the first source that has it
 * (see {@link sources}); credentials from a profile or the environment must come with that
 * source's base URL and vendor (see {@link checkSameSource}). Throws a usage error naming
 * what is missing or which sources conflict.
 */
export function resolveConnection(flags: ConnectionFlags, env: Env): Connection {
  const list = sources(flags, env, true);
  const vendor = pick(list, 'vendor');
  if (!vendor) {
    throw usageError('no PBX vendor given', `use --vendor <${VENDOR_IDS.join('|')}>, UNIPBX_VENDOR, or --profile <name> (\`unipbx simulate all\` writes sim-* profiles)`);
  }
  const baseUrl = pick(list, 'baseUrl');
  if (!baseUrl) throw usageError('no PBX base URL given', 'use --base-url <url>, UNIPBX_BASE_URL, or a profile with "baseUrl"');

  const stored = pick(list, 'credentials');
  if (stored) checkSameSource(stored.source, vendor, baseUrl, flags);
  const resolved = stored && (resolveRefs(stored.value, 'credentials', env) as Record<string, unknown>);
  const overrides = credentialsFromFlags(flags, env);
  const credentials = Object.keys(overrides).length > 0 ? { ...resolved, ...overrides } : resolved;
  if (credentials === undefined) {
    throw usageError('no credentials given', 'use --cred key=value / --cred-env key=ENV_VAR, UNIPBX_CREDENTIALS=\'{…}\', or a profile with "credentials"');
  }
  registerSecrets(credentials);
  // A base URL may carry a password (`https://user:secret@pbx`): never print it.
  const urlSecret = urlPassword(baseUrl.value);
  if (urlSecret !== undefined) registerSecret(urlSecret);
  const profileOptions = list.find((s) => s.options)?.options;
  const options = profileOptions ? (resolveRefs(profileOptions, 'options', env) as Record<string, unknown>) : {};
  const profile = profileChoice(flags, env)?.name;
  const caFile = list.find((s) => s.ca !== undefined)?.ca;
  return {
    vendor: vendor.value,
    baseUrl: baseUrl.value,
    credentials,
    options: {
      ...options,
      ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
      ...(caFile !== undefined ? { tls: { ca: readCa(caFile) } } : {}),
    },
    ...(profile ? { profile } : {}),
  };
}
