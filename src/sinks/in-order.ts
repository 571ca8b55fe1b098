/**
 * The ordering rule of `CdrSink.write` when calls overlap: writes run one after another in
 * call order, and once one fails the later ones fail with its error without running, so a batch
 * (and its cursor) is never stored after an earlier batch that was not.
 */
export interface InOrder {
  /** Runs `task` after every task given before it has settled, unless one of those failed. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Resolves once every task given so far has settled (never rejects). */
  settled(): Promise<void>;
}

/** A fresh ordering: nothing given yet, nothing failed. */
export function inOrder(): InOrder {
  let tail: Promise<void> = Promise.resolve();
  let failure: { readonly error: unknown } | undefined;
  return {
    run(task) {
      const result = tail.then(() => {
        if (failure) throw failure.error;
        return task();
      });
      tail = result.then(
        () => undefined,
        (error: unknown) => {
          failure ??= { error };
        },
      );
      return result;
    },
    settled: () => tail,
  };
}
