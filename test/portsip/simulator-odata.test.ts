/** The PortSIP simulator's OData-like filter / orderby / search parser, directly and with generated input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { and, eq, timestamp } from '../../adapters/portsip/filter.js';
import { QuerySyntaxError, parseFilter, parseOrderBy, searchPredicate, type Fields } from '../../adapters/portsip/simulator/odata.js';

interface Row {
  readonly name: string;
  readonly team: string | null;
  readonly score: number;
  readonly active: boolean;
  readonly at: number;
}

const ROWS: readonly Row[] = [
  { name: 'Alice', team: 'red', score: 10, active: true, at: Date.UTC(2025, 0, 1) },
  { name: "O'Neil", team: 'blue', score: -2.5, active: false, at: Date.UTC(2025, 0, 2) },
  { name: 'bob', team: null, score: 7, active: true, at: Date.UTC(2025, 0, 3) },
  { name: 'Carla', team: 'Red', score: 7, active: false, at: Date.UTC(2025, 0, 4) },
];

const FIELDS: Fields<Row> = {
  name: { type: 'string', get: (r) => r.name },
  team: { type: 'string', get: (r) => r.team },
  score: { type: 'number', get: (r) => r.score },
  active: { type: 'boolean', get: (r) => r.active },
  at: { type: 'date', get: (r) => r.at },
};

const names = (filter: string): string[] => ROWS.filter(parseFilter(filter, FIELDS)).map((r) => r.name);
const refused = (filter: string): void => {
  expect(() => parseFilter(filter, FIELDS), filter).toThrow(QuerySyntaxError);
};

describe('PortSIP simulator filter', () => {
  it('compares strings case-insensitively, numbers, booleans and instants', () => {
    expect(names("name eq 'ALICE'")).toEqual(['Alice']);
    expect(names("team eq 'red'")).toEqual(['Alice', 'Carla']);
    expect(names("name ne 'alice'")).toEqual(["O'Neil", 'bob', 'Carla']);
    expect(names("name gt 'b'")).toEqual(["O'Neil", 'bob', 'Carla']);
    expect(names('score ge 7')).toEqual(['Alice', 'bob', 'Carla']);
    expect(names('score lt -1')).toEqual(["O'Neil"]);
    expect(names('score le -2.5')).toEqual(["O'Neil"]);
    expect(names('active eq false')).toEqual(["O'Neil", 'Carla']);
    expect(names("at ge '2025-01-03T00:00:00Z'")).toEqual(['bob', 'Carla']);
    // Offsets are instants: 01:00+01:00 is midnight UTC.
    expect(names("at eq '2025-01-02T01:00:00+01:00'")).toEqual(["O'Neil"]);
    expect(names('at lt 2025-01-02T00:00:00.000Z')).toEqual(['Alice']);
  });

  it('handles and/or/not precedence and parentheses', () => {
    expect(names("name eq 'alice' or name eq 'bob' and active eq false")).toEqual(['Alice']);
    expect(names("(name eq 'alice' or name eq 'bob') and active eq true")).toEqual(['Alice', 'bob']);
    expect(names("not active eq true and score gt 0")).toEqual(['Carla']);
    expect(names("not (active eq true or score gt 0)")).toEqual(["O'Neil"]);
    expect(names("((((score eq 7))))")).toEqual(['bob', 'Carla']);
  });

  it('supports startswith/endswith/contains, null and the doubled-quote escape', () => {
    expect(names("startswith(name,'a')")).toEqual(['Alice']);
    expect(names("endswith(name, 'LA')")).toEqual(['Carla']);
    expect(names("contains(name,'''')")).toEqual(["O'Neil"]);
    expect(names("name eq 'o''neil'")).toEqual(["O'Neil"]);
    expect(names('team eq null')).toEqual(['bob']);
    expect(names('team ne null')).toEqual(['Alice', "O'Neil", 'Carla']);
    // A blank value is unequal to everything and never greater or smaller.
    expect(names("team ne 'red'")).toEqual(["O'Neil", 'bob']);
    expect(names("team lt 'z'")).toEqual(['Alice', "O'Neil", 'Carla']);
    expect(names("contains(team,'e')")).toEqual(['Alice', "O'Neil", 'Carla']);
  });

  it('refuses unknown fields, type mismatches and malformed expressions', () => {
    for (const filter of [
      "nope eq 'x'",
      "constructor eq 'x'",
      "__proto__ eq 'x'",
      'score eq 1abc',
      "score eq '7'",
      'name eq 7',
      'active gt false',
      "at eq 'yesterday'",
      "at eq '2025-13-45T00:00:00'",
      "contains(score,'7')",
      "contains(name, 7)",
      'team gt null',
      "name eq 'x' xor name eq 'y'",
      "name eq 'x' and",
      "name eq 'x')",
      "(name eq 'x'",
      "startswith(name 'x')",
      "'x' eq name",
      "name eq 'x",
      "name eq ''x'",
      'name eq "x"',
      'name eq',
      ' ',
      '(((((((((((((((((((((((((((((((((((name eq \'x\')))))))))))))))))))))))))))))))))))',
      'not '.repeat(40) + "name eq 'x'",
    ]) {
      refused(filter);
    }
  });

  it('never fails other than with QuerySyntaxError, whatever the input', () => {
    const soup = fc
      .array(fc.constantFrom('name', 'team', 'score', 'at', 'eq', 'ne', 'lt', 'and', 'or', 'not', 'null', 'true', '(', ')', ',', "'", "''", "'x'", '7', '-1.5', 'startswith', 'contains', '2025-01-01T00:00:00Z', ' '), { maxLength: 30 })
      .map((parts) => parts.join(' '));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), soup), (input) => {
        let predicate: ((r: Row) => boolean) | undefined;
        try {
          predicate = parseFilter(input, FIELDS);
        } catch (error) {
          expect(error).toBeInstanceOf(QuerySyntaxError);
          return;
        }
        for (const row of ROWS) expect(typeof predicate(row)).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('matches exactly the value the adapter quoted, for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (wanted, other) => {
        const rows: Row[] = [{ ...ROWS[0]!, name: wanted }, { ...ROWS[0]!, name: other }];
        const found = rows.filter(parseFilter(eq('name', wanted), FIELDS));
        expect(found.map((r) => r.name)).toEqual(rows.map((r) => r.name).filter((n) => n.toLowerCase() === wanted.toLowerCase()));
      }),
      { numRuns: 1000 },
    );
  });

  it("understands the adapter's CDR range filter", () => {
    const from = new Date(Date.UTC(2025, 0, 2));
    const to = new Date(Date.UTC(2025, 0, 4));
    const filter = and(`at ge ${timestamp(from)}`, `at lt ${timestamp(to)}`, `${eq('name', 'bob')} or ${eq('name', "o'neil")}`)!;
    expect(names(filter)).toEqual(["O'Neil", 'bob']);
  });
});

describe('PortSIP simulator orderby and search', () => {
  const order = (expression: string): string[] => [...ROWS].sort(parseOrderBy(expression, FIELDS)).map((r) => r.name);

  it('sorts by several keys, case-insensitively, blanks last ascending and first descending', () => {
    expect(order('name')).toEqual(['Alice', 'bob', 'Carla', "O'Neil"]);
    expect(order('name desc')).toEqual(["O'Neil", 'Carla', 'bob', 'Alice']);
    expect(order('score desc, name asc')).toEqual(['Alice', 'bob', 'Carla', "O'Neil"]);
    expect(order('team ASC, score')).toEqual(["O'Neil", 'Carla', 'Alice', 'bob']);
    expect(order('team desc')).toEqual(['bob', 'Alice', 'Carla', "O'Neil"]);
    expect(order('at desc')).toEqual(['Carla', 'bob', "O'Neil", 'Alice']);
  });

  it('refuses unknown fields and malformed terms', () => {
    for (const expression of ['nope', 'name up', 'name asc desc', '', 'name,', ' , ']) {
      expect(() => parseOrderBy(expression, FIELDS), expression).toThrow(QuerySyntaxError);
    }
  });

  it('search is a case-insensitive substring of the given fields', () => {
    const search = (text: string) => ROWS.filter(searchPredicate(text, [FIELDS['name']!, FIELDS['team']!])).map((r) => r.name);
    expect(search('LI')).toEqual(['Alice']);
    expect(search('ue')).toEqual(["O'Neil"]);
    expect(search('red')).toEqual(['Alice', 'Carla']);
  });
});
