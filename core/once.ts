/** A value built at its first use and kept: for schemas that only some operations need, so importing the client does not build them. */
export function once<T>(build: () => T): () => T {
  let value: { readonly built: T } | undefined;
  return () => (value ??= { built: build() }).built;
}
