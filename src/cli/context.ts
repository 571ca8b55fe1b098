/**
 * What every command shares: the global options, the output printer, the interrupt signal
 * and the connection to the PBX (a `PbxClient` made like the public `createPbx` does, with only
 * the vendor's adapter loaded: `createPbxAsync`).
 */
import type { Command } from 'commander';
import type { CallOptions, CreatePbxOptions, PbxClient } from '../index.js';
import { createPbxAsync, loadVendor } from '../vendors.js';
import { Io, Output, type Format } from './output.js';
import type { Readable } from 'node:stream';
import { confirm } from './confirm.js';
import { scrub } from './errors.js';
import { resolveConnection, type Connection, type ConnectionFlags } from './profiles.js';
import { StatusLine } from './status.js';

/** Options every command accepts (defined on the program). */
export interface GlobalOptions extends ConnectionFlags {
  readonly json?: boolean;
  readonly ndjson?: boolean;
  readonly csv?: boolean;
  readonly raw?: boolean;
  readonly debug?: boolean;
  /** `--progress` / `--no-progress`; undefined: on a terminal only. */
  readonly progress?: boolean;
  readonly quiet?: boolean;
  /** `--unsafe-csv`: CSV cells that look like spreadsheet formulas are not neutralised. */
  readonly unsafeCsv?: boolean;
}

export type Env = Readonly<Record<string, string | undefined>>;

export class Runtime {
  private readonly controller = new AbortController();
  /** The signal that interrupted the run (first Ctrl-C or SIGTERM). */
  interruptedBy: NodeJS.Signals | undefined;
  /** The connection in use, once resolved (for error hints; holds secrets, never print it). */
  connection: Connection | undefined;
  /** The command being run, e.g. `unipbx users get` (for hints). */
  command: string | undefined;
  /** `--timeout`, once the command's time ran out: the budget in ms. */
  timedOutAfter: number | undefined;
  /** When the clock of `--timeout` started (for the time left). */
  private startedAt = Date.now();
  private timeoutMs: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Where confirmations are read from (process.stdin in the real command). */
  stdin: (Readable & { isTTY?: boolean }) | undefined;
  /** The status line on stderr while waiting (status.ts). */
  status: StatusLine | undefined;

  constructor(
    readonly io: Io,
    readonly env: Env,
  ) {}

  /** Fires on the first Ctrl-C / SIGTERM. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Options of every library call: the interrupt signal, and with `--timeout` what is left of
   * the command's time as the call's deadline (the whole command is bounded, login included).
   */
  get call(): CallOptions {
    if (this.timeoutMs === undefined) return { signal: this.controller.signal };
    const left = Math.max(1, this.timeoutMs - (Date.now() - this.startedAt));
    return { signal: this.controller.signal, deadlineMs: left };
  }

  /**
   * Bounds the rest of the command to `ms` from now: when the time is up, everything in
   * flight is aborted (requests, logins, waits, files being written) and the command ends with
   * a timeout message (exit 7).
   */
  limit(ms: number | undefined): void {
    if (ms === undefined || this.timer) return;
    this.startedAt = Date.now();
    this.timeoutMs = ms;
    this.timer = setTimeout(() => {
      this.timedOutAfter = ms;
      this.controller.abort(new Error(`timed out after ${ms} ms (--timeout)`));
    }, ms);
    this.timer.unref();
  }

  /** The `--timeout` budget of the command in ms, if one was given. */
  get timeoutBudget(): number | undefined {
    return this.timeoutMs;
  }

  /** Stops the status line and the --timeout timer (the command is over). */
  finish(): void {
    this.status?.stop();
    if (this.timer) clearTimeout(this.timer);
  }

  interrupt(signal: NodeJS.Signals): void {
    this.interruptedBy ??= signal;
    this.controller.abort(new Error(`interrupted (${signal})`));
  }

  globals(command: Command): GlobalOptions {
    return command.optsWithGlobals<GlobalOptions>();
  }

  format(command: Command): Format {
    const g = this.globals(command);
    return g.json ? 'json' : g.ndjson ? 'ndjson' : g.csv ? 'csv' : 'table';
  }

  output(command: Command): Output {
    const g = this.globals(command);
    const color = Boolean(this.io.stdout.isTTY) && !this.env['NO_COLOR'] && this.env['TERM'] !== 'dumb';
    const width = this.io.stdout.isTTY ? (this.io.stdout as { columns?: number }).columns : undefined;
    return new Output(this.io, this.format(command), { raw: Boolean(g.raw), color, width, unsafeCsv: Boolean(g.unsafeCsv) });
  }

  /** Whether to draw progress bars: `--progress` / `--no-progress`, else when stderr is a terminal. */
  progress(command: Command): boolean {
    const g = this.globals(command);
    return !g.quiet && (g.progress ?? Boolean(this.io.stderr.isTTY));
  }

  /** Resolves the connection (flags, environment, profile) without connecting. */
  resolve(command: Command): Connection {
    this.connection = resolveConnection(this.globals(command), this.env);
    return this.connection;
  }

  /** Asks before a destructive change (confirm.ts): `--yes`, or `y` on a terminal; refused without a terminal. */
  async confirm(command: Command, question: string): Promise<void> {
    await confirm(question, { yes: Boolean(command.opts<{ yes?: boolean }>().yes), stdin: this.stdin, io: this.io, signal: this.signal });
  }

  /**
   * Runs `body` with a client for the configured PBX, signing out afterwards. A command that
   * runs until interrupted (`watch`, `cdrs sync --follow`) is not bounded by `--timeout` as a
   * whole: there it limits each HTTP request only.
   */
  async withClient<T>(command: Command, body: (client: PbxClient, output: Output) => Promise<T>, mode: { readonly untilInterrupted?: boolean } = {}): Promise<T> {
    const connection = this.resolve(command);
    // The vendor's adapter loads before the clock of --timeout starts, which bounds the talk with
    // the PBX (as when the CLI loaded every adapter before it started).
    await loadVendor(connection.vendor);
    if (!mode.untilInterrupted) this.limit(this.globals(command).timeout);
    const status = new StatusLine(this.io.stderr, !this.globals(command).quiet);
    this.status = status;
    this.io.beforeWrite = () => status.stop();
    status.start(`waiting for the PBX at ${scrub(connection.baseUrl)}`);
    const client = await createPbxAsync({
      ...connection.options,
      vendor: connection.vendor,
      baseUrl: connection.baseUrl,
      credentials: connection.credentials,
    } as CreatePbxOptions);
    try {
      return await body(client, this.output(command));
    } finally {
      status.stop();
      // Sign out where the vendor has sessions; a failure here must not hide the result.
      await client.close({ deadlineMs: this.timedOutAfter !== undefined ? 500 : 3_000 }).catch(() => undefined);
    }
  }
}
