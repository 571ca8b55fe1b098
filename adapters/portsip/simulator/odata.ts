/**
 * The OData-like subset PortSIP lists accept: `filter` (`eq ne gt ge lt le`, `and`, `or`,
 * `not`, parentheses, `startswith/endswith/contains(field,'x')`), `orderby=field asc|desc, …`
 * and free-text `search`. Expressions are parsed once per request into closures over a
 * resource's field table; anything the table does not know is an error, never a silent
 * "matches nothing".
 */
import { parseRfc3339 } from './format.js';

export type FieldType = 'string' | 'number' | 'boolean' | 'date';
/** Dates are compared as instants: `get` returns epoch milliseconds for them. */
export type FieldValue = string | number | boolean | null;

export interface Field<T> {
  readonly type: FieldType;
  readonly get: (record: T) => FieldValue;
}
export type Fields<T> = Readonly<Record<string, Field<T>>>;

export type Predicate<T> = (record: T) => boolean;
export type Comparator<T> = (a: T, b: T) => number;

/** A filter or orderby the simulator refuses (400 VALIDATE_FAILED). */
export class QuerySyntaxError extends Error {}

// Bounds that keep hostile input cheap: the tokenizer is linear and recursion is capped.
const MAX_EXPRESSION_LENGTH = 4096;
const MAX_NESTING = 32;

const COMPARISONS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;
type Comparison = (typeof COMPARISONS)[number];
const FUNCTIONS = ['startswith', 'endswith', 'contains'] as const;
type TextFunction = (typeof FUNCTIONS)[number];

type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'datetime'; readonly value: string }
  | { readonly kind: 'null' };

type Token =
  | { readonly kind: '(' | ')' | ','; readonly at: number }
  | { readonly kind: 'word'; readonly value: string; readonly at: number }
  | ({ readonly at: number } & Exclude<Literal, { kind: 'boolean' | 'null' }>);

type Node =
  | { readonly kind: 'and' | 'or'; readonly left: Node; readonly right: Node }
  | { readonly kind: 'not'; readonly operand: Node }
  | { readonly kind: 'compare'; readonly op: Comparison; readonly field: string; readonly value: Literal }
  | { readonly kind: 'call'; readonly fn: TextFunction; readonly field: string; readonly value: Literal };

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const DATETIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})/y;
const NUMBER = /-?\d+(?:\.\d+)?/y;

function sticky(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at]!;
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      at++;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: char, at });
      at++;
    } else if (char === "'") {
      // OData string: a quote inside is written as two quotes.
      let value = '';
      let end = at + 1;
      for (;;) {
        const next = text.indexOf("'", end);
        if (next < 0) throw new QuerySyntaxError(`unterminated string starting at ${at}`);
        value += text.slice(end, next);
        if (text[next + 1] === "'") {
          value += "'";
          end = next + 2;
        } else {
          end = next + 1;
          break;
        }
      }
      tokens.push({ kind: 'string', value, at });
      at = end;
    } else {
      const datetime = sticky(DATETIME, text, at);
      const number = datetime ? undefined : sticky(NUMBER, text, at);
      const word = datetime || number ? undefined : sticky(WORD, text, at);
      if (datetime) tokens.push({ kind: 'datetime', value: datetime, at });
      else if (number) tokens.push({ kind: 'number', value: Number(number), at });
      else if (word) tokens.push({ kind: 'word', value: word, at });
      else throw new QuerySyntaxError(`unexpected character at ${at}`);
      at += (datetime ?? number ?? word)!.length;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): Node {
    const node = this.or(0);
    const extra = this.tokens[this.pos];
    if (extra) throw new QuerySyntaxError(`unexpected token at ${extra.at}`);
    return node;
  }

  private or(depth: number): Node {
    let left = this.and(depth);
    while (this.isWord('or')) {
      this.pos++;
      left = { kind: 'or', left, right: this.and(depth) };
    }
    return left;
  }

  private and(depth: number): Node {
    let left = this.unary(depth);
    while (this.isWord('and')) {
      this.pos++;
      left = { kind: 'and', left, right: this.unary(depth) };
    }
    return left;
  }

  private unary(depth: number): Node {
    if (depth > MAX_NESTING) throw new QuerySyntaxError(`nested deeper than ${MAX_NESTING} levels`);
    if (this.isWord('not')) {
      this.pos++;
      return { kind: 'not', operand: this.unary(depth + 1) };
    }
    if (this.peek()?.kind === '(') {
      this.pos++;
      const inner = this.or(depth + 1);
      this.expect(')');
      return inner;
    }
    const field = this.word('a field name');
    if ((FUNCTIONS as readonly string[]).includes(field) && this.peek()?.kind === '(') {
      this.pos++;
      const argument = this.word('a field name');
      this.expect(',');
      const value = this.literal();
      this.expect(')');
      return { kind: 'call', fn: field as TextFunction, field: argument, value };
    }
    const op = this.word('a comparison operator');
    if (!(COMPARISONS as readonly string[]).includes(op)) throw new QuerySyntaxError(`unknown operator ${JSON.stringify(op.slice(0, 20))}`);
    return { kind: 'compare', op: op as Comparison, field, value: this.literal() };
  }

  private literal(): Literal {
    const token = this.next('a value');
    switch (token.kind) {
      case 'string':
      case 'number':
      case 'datetime':
        return token;
      case 'word':
        if (token.value === 'true' || token.value === 'false') return { kind: 'boolean', value: token.value === 'true' };
        if (token.value === 'null') return { kind: 'null' };
        break;
    }
    throw new QuerySyntaxError(`expected a value at ${token.at}`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private next(what: string): Token {
    const token = this.tokens[this.pos++];
    if (!token) throw new QuerySyntaxError(`expected ${what} at the end of the expression`);
    return token;
  }

  private isWord(value: string): boolean {
    const token = this.peek();
    return token?.kind === 'word' && token.value === value;
  }

  private word(what: string): string {
    const token = this.next(what);
    if (token.kind !== 'word') throw new QuerySyntaxError(`expected ${what} at ${token.at}`);
    return token.value;
  }

  private expect(kind: '(' | ')' | ','): void {
    const token = this.next(`"${kind}"`);
    if (token.kind !== kind) throw new QuerySyntaxError(`expected "${kind}" at ${token.at}`);
  }
}

function fieldOf<T>(fields: Fields<T>, name: string): Field<T> {
  if (!Object.hasOwn(fields, name)) throw new QuerySyntaxError(`unknown field ${JSON.stringify(name.slice(0, 64))}`);
  return fields[name]!;
}

// Assumption: text comparisons ignore case, as PortSIP's database collation does for
// lookups such as `email eq '…'` (the unified findByEmail relies on it).
const fold = (value: string): string => value.toLowerCase();

/** The literal as a comparable value for a field of `type`. */
function operand(type: FieldType, field: string, literal: Literal): string | number | boolean {
  if (type === 'string' && literal.kind === 'string') return fold(literal.value);
  if (type === 'number' && literal.kind === 'number') return literal.value;
  if (type === 'boolean' && literal.kind === 'boolean') return literal.value;
  if (type === 'date' && (literal.kind === 'string' || literal.kind === 'datetime')) {
    const ms = parseRfc3339(literal.value);
    if (ms !== undefined) return ms;
    throw new QuerySyntaxError(`${field} takes an RFC 3339 timestamp`);
  }
  throw new QuerySyntaxError(`${field} takes a ${type === 'date' ? 'timestamp' : type} value`);
}

function normalise(value: string | number | boolean): string | number | boolean {
  return typeof value === 'string' ? fold(value) : value;
}

function test(op: Comparison, a: string | number | boolean, b: string | number | boolean): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
  }
}

function compile<T>(node: Node, fields: Fields<T>): Predicate<T> {
  switch (node.kind) {
    case 'and': {
      const [left, right] = [compile(node.left, fields), compile(node.right, fields)];
      return (r) => left(r) && right(r);
    }
    case 'or': {
      const [left, right] = [compile(node.left, fields), compile(node.right, fields)];
      return (r) => left(r) || right(r);
    }
    case 'not': {
      const operandOf = compile(node.operand, fields);
      return (r) => !operandOf(r);
    }
    case 'compare': {
      const { get, type } = fieldOf(fields, node.field);
      const { op } = node;
      if (node.value.kind === 'null') {
        if (op !== 'eq' && op !== 'ne') throw new QuerySyntaxError(`null can only be compared with eq or ne`);
        return (r) => (get(r) === null) === (op === 'eq');
      }
      if (type === 'boolean' && op !== 'eq' && op !== 'ne') throw new QuerySyntaxError(`${node.field} can only be compared with eq or ne`);
      const value = operand(type, node.field, node.value);
      // OData: a blank value is unequal to any value and neither greater nor smaller.
      return (r) => {
        const actual = get(r);
        return actual === null ? op === 'ne' : test(op, normalise(actual), value);
      };
    }
    case 'call': {
      const { get, type } = fieldOf(fields, node.field);
      if (type !== 'string' || node.value.kind !== 'string') throw new QuerySyntaxError(`${node.fn} takes a text field and a quoted string`);
      const needle = fold(node.value.value);
      const matches =
        node.fn === 'startswith'
          ? (s: string) => s.startsWith(needle)
          : node.fn === 'endswith'
            ? (s: string) => s.endsWith(needle)
            : (s: string) => s.includes(needle);
      return (r) => {
        const actual = get(r);
        return typeof actual === 'string' && matches(fold(actual));
      };
    }
  }
}

/** Parses a `filter` expression into a predicate over records described by `fields`. */
export function parseFilter<T>(expression: string, fields: Fields<T>): Predicate<T> {
  if (expression.length > MAX_EXPRESSION_LENGTH) throw new QuerySyntaxError(`longer than ${MAX_EXPRESSION_LENGTH} characters`);
  const tokens = tokenize(expression);
  if (tokens.length === 0) throw new QuerySyntaxError('empty expression');
  return compile(new Parser(tokens).parse(), fields);
}

const ORDER_TERM = /^([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?$/i;

/**
 * Parses `orderby` (`field [asc|desc], …`) into a comparator.
 * Assumption: blank values sort after every value in ascending order (before in descending).
 */
export function parseOrderBy<T>(expression: string, fields: Fields<T>): Comparator<T> {
  if (expression.length > MAX_EXPRESSION_LENGTH) throw new QuerySyntaxError(`longer than ${MAX_EXPRESSION_LENGTH} characters`);
  const terms = expression.split(',').map((term) => {
    const match = ORDER_TERM.exec(term.trim());
    if (!match) throw new QuerySyntaxError(`expected "field asc|desc", got ${JSON.stringify(term.trim().slice(0, 64))}`);
    const { get } = fieldOf(fields, match[1]!);
    return { get, sign: match[2]?.toLowerCase() === 'desc' ? -1 : 1 };
  });
  return (a, b) => {
    for (const { get, sign } of terms) {
      const [x, y] = [get(a), get(b)];
      if (x === y) continue;
      if (x === null) return sign;
      if (y === null) return -sign;
      const [nx, ny] = [normalise(x), normalise(y)];
      if (nx !== ny) return nx < ny ? -sign : sign;
    }
    return 0;
  };
}

/** Free-text `search`: a case-insensitive substring of any of `fields`. */
export function searchPredicate<T>(text: string, fields: ReadonlyArray<Field<T>>): Predicate<T> {
  const needle = fold(text);
  return (record) =>
    fields.some((field) => {
      const value = field.get(record);
      return typeof value === 'string' && fold(value).includes(needle);
    });
}
