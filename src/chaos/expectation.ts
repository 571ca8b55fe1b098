/**
 * What the chaos run expects the PBX to hold, per fact (a user's email, a membership, an
 * agent's login). A write that succeeded pins the fact to its value; a write that failed
 * may or may not have been applied, so both the old and the new value stay acceptable
 * until a later successful write pins the fact again. A final state outside the
 * acceptable values is a lost write (or a write applied although it was reported failed).
 */
export type Fact = string | boolean | undefined;

export class Expectation {
  private values: Fact[];

  constructor(initial: Fact) {
    this.values = [initial];
  }

  /** The write of `value` was reported successful. */
  succeeded(value: Fact): void {
    this.values = [value];
  }

  /** The write of `value` failed: it may have been applied or not. */
  failed(value: Fact): void {
    if (!this.values.includes(value)) this.values.push(value);
  }

  /** The value, when only one is acceptable. */
  get certain(): { readonly value: Fact } | undefined {
    return this.values.length === 1 ? { value: this.values[0] } : undefined;
  }

  accepts(value: Fact): boolean {
    return this.values.includes(value);
  }

  describe(): string {
    return this.values.map((v) => JSON.stringify(v) ?? 'absent').join(' or ');
  }
}

/** Expectations by key, created on first use with the state read before the run. */
export class Ledger {
  private readonly facts = new Map<string, Expectation>();

  track(key: string, initial: Fact): Expectation {
    let expectation = this.facts.get(key);
    if (!expectation) {
      expectation = new Expectation(initial);
      this.facts.set(key, expectation);
    }
    return expectation;
  }

  get(key: string): Expectation | undefined {
    return this.facts.get(key);
  }

  entries(): IterableIterator<[string, Expectation]> {
    return this.facts.entries();
  }
}
