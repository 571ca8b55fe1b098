/**
 * Exit codes of the `unipbx` command line. Scripts may rely on them: they never change
 * meaning (new ones may be added). README.md documents them.
 */
export const EXIT = {
  /** Done. */
  OK: 0,
  /** Anything else: a local I/O problem, a port in use, a bug. */
  ERROR: 1,
  /** Bad command line or configuration: unknown command or option, missing argument, invalid input, bad profile. */
  USAGE: 2,
  /** The user, group, queue or record does not exist. */
  NOT_FOUND: 3,
  /** The PBX refused the credentials (or wants a second factor, or the account may not do this). */
  AUTH: 4,
  /** The vendor cannot do this operation (its capability manifest says so and why). */
  UNSUPPORTED: 5,
  /** Any other error the PBX reported: conflict, rejected input, rate limit, server error, unreadable reply. */
  VENDOR: 6,
  /** The PBX could not be reached or did not answer in time. */
  UNREACHABLE: 7,
  /** Interrupted by Ctrl-C (SIGINT); SIGTERM gives 143. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT] | 143;

/** The exit code of a process stopped by `signal`, the shell's way (128 + signal number). */
export function signalExitCode(signal: NodeJS.Signals): ExitCode {
  return signal === 'SIGTERM' ? 143 : EXIT.INTERRUPTED;
}
