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
}

export function emptyFindings(): Findings {
  return { operations: {}, typedErrors: {}, errorSamples: {}, untypedErrors: [], duplicates: [], lostWrites: [], wrongReads: [] };
}

export function countOperation(findings: Findings, kind: string): void {
  findings.operations[kind] = (findings.operations[kind] ?? 0) + 1;
}

/** Records a failure of the workload: typed errors by code, anything else as untyped. */
export function countError(findings: Findings, operation: string, error: unknown): void {
  if (isPbxError(error)) {
    findings.typedErrors[error.code] = (findings.typedErrors[error.code] ?? 0) + 1;
    findings.errorSamples[error.code] ??= error.message;
  } else findings.untypedErrors.push(`${operation}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
}

export const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
