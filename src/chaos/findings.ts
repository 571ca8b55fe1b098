/** What one vendor's chaos run counted and found. */
import { isPbxError } from '../../core/errors.js';

export interface Findings {
  /** Operations run, by kind. */
  readonly operations: Record<string, number>;
  /** Typed errors the workload saw, by `code`. */
  readonly typedErrors: Record<string, number>;
  /** The first message seen for each error code. */
  readonly errorSamples: Record<string, string>;
  /** Failures that were not a `PbxError` (target: none). */
  readonly untypedErrors: string[];
  /** Resources that exist more than once (target: none). */
  readonly duplicates: string[];
  /** Facts the PBX holds that no reported outcome explains: a write lost, or applied although reported refused (target: none). */
  readonly lostWrites: string[];
  /** Reads under faults that disagree with the true state (target: none). */
  readonly wrongReads: string[];
  /** Typed errors the workload saw, by operation and code (`users.update` → `TIMEOUT` → 3). */
  readonly errorsByOperation: Record<string, Record<string, number>>;
  /**
   * Checks the harness could not make (the fault-free verifier failed, or a step threw where
   * the harness expected none). Not a target of the library, but every one is counted and
   * shown: a run never ends without its table.
   */
  readonly harnessErrors: string[];
}

export function emptyFindings(): Findings {
  return { operations: {}, typedErrors: {}, errorSamples: {}, untypedErrors: [], duplicates: [], lostWrites: [], wrongReads: [], errorsByOperation: {}, harnessErrors: [] };
}

export function countOperation(findings: Findings, kind: string): void {
  findings.operations[kind] = (findings.operations[kind] ?? 0) + 1;
}

/** Records a failure of the workload: typed errors by code, anything else as untyped. */
export function countError(findings: Findings, operation: string, error: unknown): void {
  if (isPbxError(error)) {
    findings.typedErrors[error.code] = (findings.typedErrors[error.code] ?? 0) + 1;
    findings.errorSamples[error.code] ??= error.message;
    const byCode = (findings.errorsByOperation[operation] ??= {});
    byCode[error.code] = (byCode[error.code] ?? 0) + 1;
  } else findings.untypedErrors.push(`${operation}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
}

export const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** Records a check the harness could not make (see {@link Findings.harnessErrors}); the list is capped, the count is not. */
export function countHarnessError(findings: Findings, where: string, error: unknown): void {
  const text = `${where}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  findings.harnessErrors.push(text.length > 300 ? `${text.slice(0, 300)}…` : text);
}
