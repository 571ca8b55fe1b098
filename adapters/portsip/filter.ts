/**
 * Building PortSIP's OData-like `filter` expressions. Values are always quoted and single
 * quotes doubled (OData's escape), so caller input can never change the expression.
 */

/** A quoted OData string literal. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** An RFC 3339 UTC timestamp literal (fractional seconds only when there are some). */
export function timestamp(date: Date): string {
  return literal(date.toISOString().replace('.000Z', 'Z'));
}

export function eq(field: string, value: string): string {
  return `${field} eq ${literal(value)}`;
}

/** Joins clauses with `and`, parenthesising each so `or` inside one stays inside it. */
export function and(...clauses: ReadonlyArray<string | undefined>): string | undefined {
  const present = clauses.filter((c): c is string => c !== undefined && c !== '');
  if (present.length <= 1) return present[0];
  return present.map((c) => (/ or /.test(c) ? `(${c})` : c)).join(' and ');
}
