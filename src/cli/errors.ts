/**
 * How the command line reports failures: every error becomes one line, a hint and an exit
 * code (exit-codes.ts). Library errors are mapped by their stable `code` (`isPbxError`),
 * never by message text. Nothing printed here may contain a secret: every line goes
 * through {@link scrub} (the library's redactor), which knows the credential values of the
 * current connection and masks URL passwords
 * (stdout data goes through {@link maskSecrets} instead).
 */
import { CREDENTIAL_SECRET_KEY, MASK, Redactor } from '../../core/http/redact.js';
import { isPbxError, type PbxError } from '../../core/errors.js';
import { EXIT, signalExitCode, type ExitCode } from './exit-codes.js';

/** An error of the command line itself, with the exit code and hint to report. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A usage or configuration error (exit code 2). */
export function usageError(message: string, hint?: string): CliError {
  return new CliError(message, EXIT.USAGE, hint);
}

/** Something the user named does not exist (exit code 3). */
export function notFoundError(message: string, hint?: string): CliError {
  return new CliError(message, EXIT.NOT_FOUND, hint);
}

// ---------------------------------------------------------------------------------------
// Secrets

// The library's redactor (core/http/redact.ts): one mask and the same encodings for the
// library, the command line and the simulators' log.
const redactor = new Redactor();

/** Credential keys whose values are secrets (`password`, `token`, `apiKey`, `secret`, `pin`, …). */
export const SECRET_KEY = CREDENTIAL_SECRET_KEY;

/**
 * Registers a secret value: from now on it never appears in anything the CLI prints (it is
 * replaced by `[REDACTED]`), in plain, URL-encoded, form-encoded, Base64 or JSON-escaped form.
 */
export function registerSecret(value: string): void {
  redactor.add(value);
}

/**
 * `text` with every registered secret, and every URL's password, replaced by `[REDACTED]`,
 * wherever it occurs: for diagnostics (stderr), which may quote anything.
 */
export function scrub(text: string): string {
  return redactor.text(text);
}

/**
 * A deep copy of `value` in which every string that equals a registered secret (whole, not
 * a substring) is `[REDACTED]`: for data on stdout, where a substring rule would mangle
 * ordinary values (`admin@example.com` with the password `admin`). The library keeps
 * secrets out of what vendors return; this only catches a secret echoed back as a field's
 * whole value. Only plain objects and arrays are copied; dates and other objects are kept.
 */
export function maskSecrets<T>(value: T): T {
  if (typeof value === 'string') return (redactor.isSecret(value) ? MASK : value) as T;
  if (Array.isArray(value)) return value.map(maskSecrets) as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskSecrets(item)])) as T;
}

// ---------------------------------------------------------------------------------------
// Mapping errors to what is printed

/** What the CLI knows about the situation an error happened in, for the hint. */
export interface ErrorContext {
  /** `unipbx users get`: the command that failed. */
  readonly command?: string;
  readonly vendor?: string;
  readonly baseUrl?: string;
  readonly profile?: string;
  /** The signal that interrupted the run, if one did. */
  readonly interruptedBy?: NodeJS.Signals;
  /** `--timeout` in ms, when the command ran out of it. */
  readonly timedOutAfter?: number;
}

/** What is reported for an error: exit code, one-line message and hint. */
export interface Report {
  readonly exitCode: ExitCode;
  readonly message: string;
  readonly hint?: string;
}

/** Exit code of a library error, by its code. */
export function exitCodeOf(error: PbxError): ExitCode {
  switch (error.code) {
    case 'VALIDATION_FAILED':
      return (error as { source?: string }).source === 'vendor' ? EXIT.VENDOR : EXIT.USAGE;
    case 'NOT_FOUND':
      return EXIT.NOT_FOUND;
    case 'AUTHENTICATION_FAILED':
    case 'TWO_FACTOR_REQUIRED':
    case 'PERMISSION_DENIED':
      return EXIT.AUTH;
    case 'UNSUPPORTED_OPERATION':
      return EXIT.UNSUPPORTED;
    case 'NETWORK_ERROR':
    case 'TIMEOUT':
      return EXIT.UNREACHABLE;
    case 'ABORTED':
      return EXIT.INTERRUPTED;
    default:
      // CONFLICT, RATE_LIMITED, BAD_RESPONSE, SERVER_ERROR, VENDOR_ERROR, PARTIAL_FAILURE,
      // OUTCOME_UNKNOWN, and codes added later.
      return EXIT.VENDOR;
  }
}

/** The command that shows what exists, for a NOT_FOUND of `operation`. */
function listCommandFor(operation: string | undefined): string | undefined {
  if (!operation) return undefined;
  if (operation.startsWith('groups.members.')) return 'unipbx groups members <group>';
  if (['queues.login', 'queues.logout', 'queues.setStatus', 'queues.removeAgent'].includes(operation)) return 'unipbx queues agents <queue>';
  const resource = operation.split('.')[0];
  return resource && ['users', 'groups', 'queues', 'cdrs'].includes(resource) ? `unipbx ${resource} list` : undefined;
}

function hintFor(error: PbxError, context: ErrorContext): string | undefined {
  const vendor = error.vendor ?? context.vendor;
  const where = context.profile ? `profile "${context.profile}"` : 'the connection settings';
  switch (error.code) {
    case 'VALIDATION_FAILED':
      if ((error as { source?: string }).source === 'vendor') return 'the PBX rejected the input; check the values the message names';
      if (error.operation === undefined) {
        return `check ${where}: --vendor, --base-url and the credentials (--cred key=value, UNIPBX_CREDENTIALS or the profile's "credentials"); \`unipbx simulate\` prints working ones for the simulators`;
      }
      return `check the arguments: \`${context.command ?? 'unipbx'} --help\``;
    case 'NOT_FOUND': {
      const list = listCommandFor(error.operation);
      return list ? `\`${list}\` shows what exists` : undefined;
    }
    case 'AUTHENTICATION_FAILED':
      return `check the credentials of ${where} (UNIPBX_CREDENTIALS, --cred and --cred-env override them)`;
    case 'TWO_FACTOR_REQUIRED':
      return (error as { hint?: string }).hint ?? 'use credentials of an account without a second factor, or a token';
    case 'PERMISSION_DENIED':
      return 'the account is valid but may not do this; use an administrator account';
    case 'UNSUPPORTED_OPERATION':
      return vendor ? `\`unipbx capabilities ${vendor}\` shows what ${vendor} can do` : '`unipbx capabilities` shows what each vendor can do';
    case 'NETWORK_ERROR':
    case 'TIMEOUT':
      return `is the PBX reachable at ${context.baseUrl ?? 'its base URL'}? For the simulators, run \`unipbx simulate all\` in another terminal`;
    case 'RATE_LIMITED': {
      const after = (error as { retryAfterMs?: number }).retryAfterMs;
      return `the PBX is throttling requests; try again ${after !== undefined ? `in ${Math.ceil(after / 1000)} s` : 'later'}`;
    }
    case 'CONFLICT':
      return 'it already exists or changed meanwhile; check its current state, then retry';
    case 'OUTCOME_UNKNOWN':
      return 'the change may or may not have been applied: check before trying again';
    case 'PARTIAL_FAILURE': {
      const { applied = [], failed = [] } = error as { applied?: readonly string[]; failed?: readonly string[] };
      return `applied: ${applied.join(', ') || 'nothing'}; not applied: ${failed.join(', ') || 'nothing'}`;
    }
    case 'ABORTED':
      return undefined;
    default:
      return `the PBX answered with an error${error.status ? ` (HTTP ${error.status})` : ''}; run with --debug for details`;
  }
}

/** Turns anything thrown into the line, hint and exit code to report. */
export function reportOf(error: unknown, context: ErrorContext = {}): Report {
  if (context.interruptedBy) {
    return { exitCode: signalExitCode(context.interruptedBy), message: `interrupted (${context.interruptedBy})` };
  }
  if (context.timedOutAfter !== undefined) {
    return {
      exitCode: EXIT.UNREACHABLE,
      message: `no answer within --timeout ${context.timedOutAfter} ms${context.command ? ` (${context.command})` : ''}`,
      hint: `is the PBX reachable at ${context.baseUrl ?? 'its base URL'} and answering? Give it more time with a larger --timeout`,
    };
  }
  if (error instanceof CliError) {
    return { exitCode: error.exitCode, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  }
  if (isPbxError(error)) {
    const hint = hintFor(error, context);
    return { exitCode: exitCodeOf(error), message: `${error.message} [${error.code}]`, ...(hint ? { hint } : {}) };
  }
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'EADDRINUSE') {
    return { exitCode: EXIT.ERROR, message, hint: 'another `unipbx simulate` (or another program) uses the port; stop it or choose another base port with --port' };
  }
  if (code === 'EPIPE') return { exitCode: EXIT.OK, message };
  return { exitCode: EXIT.ERROR, message, hint: 'run with --debug for the stack trace' };
}

/** The lines to print on stderr for `error`: one line plus a hint; with `debug`, the details and stack. */
export function formatError(error: unknown, context: ErrorContext, debug: boolean): { exitCode: ExitCode; text: string } {
  const report = reportOf(error, context);
  const lines = [`unipbx: ${oneLine(report.message)}`];
  if (report.hint) lines.push(`hint: ${report.hint}`);
  if (debug && !context.interruptedBy) {
    if (isPbxError(error)) lines.push(`details: ${JSON.stringify(error)}`);
    let current: unknown = error;
    for (let depth = 0; current instanceof Error && depth < 5; depth++) {
      lines.push(depth === 0 ? (current.stack ?? String(current)) : `caused by: ${current.stack ?? String(current)}`);
      current = current.cause;
    }
  }
  return { exitCode: report.exitCode, text: scrub(lines.join('\n')) + '\n' };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
