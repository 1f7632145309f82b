import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { evaluate, type FormulaValue } from "../../support/airtable/formula-eval.js";
import { parseFormula } from "../../support/airtable/formula-parser.js";

/** The strictest escaper a caller may use: backslash, both quotes and control characters. */
const quote = (s: string): string =>
  `"${s.replace(/[\\"'\n\r\t]/g, (c) => ({ "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c] ?? `\\${c}`)}"`;

const run = (src: string, fields: Record<string, FormulaValue> = {}, id = "recX"): FormulaValue => {
  const parsed = parseFormula(src);
  if (parsed.isErr()) throw new Error(parsed.error.message);
  return evaluate(parsed.value, {
    id,
    createdTime: "2025-10-07T07:04:57.000Z",
    field: (n) => fields[n] ?? null,
  });
};

describe("string literals", () => {
  test.each([
    [`"it's"`, "it's"],
    [`'say "hi"'`, 'say "hi"'],
    [`"a\\"b"`, 'a"b'],
    [`'a\\'b'`, "a'b"],
    [`"back\\\\slash"`, "back\\slash"],
    [`"line\\nbreak"`, "line\nbreak"],
    [`"tab\\there"`, "tab\there"],
    [`"raw\nnewline"`, "raw\nnewline"],
    [`"ünïcødé 🚀"`, "ünïcødé 🚀"],
    [`""`, ""],
  ])("%s reads as its value", (src, value) => {
    expect(run(src)).toBe(value);
  });

  test("any string survives escaping into a literal", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(run(quote(s))).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  test.each([`"unterminated`, `'mixed"`, `"bad \\q escape"`, `"ends in backslash\\`])(
    "%s is refused",
    (src) => {
      expect(parseFormula(src).isErr()).toBe(true);
    },
  );
});

describe("field references", () => {
  test("braced names with spaces, escaped braces and bare single words", () => {
    const fields = { "Run ID": "r1", "odd}name": "x", Status: "Running" };
    expect(run("{Run ID}", fields)).toBe("r1");
    expect(run("{odd\\}name}", fields)).toBe("x");
    expect(run("Status = 'Running'", fields)).toBe(true);
  });

  test("an unterminated reference is refused", () => {
    expect(parseFormula("{Run ID = 'x'").isErr()).toBe(true);
  });
});

describe("date-times", () => {
  const times = { Start: "2025-10-07T07:04:57.000Z", End: "2025-10-07T07:34:57.000Z", Empty: null };
  test.each<[string, FormulaValue]>([
    ["{End} - {Start}", 1800],
    ["{End} - {Empty}", null],
    ["{Empty} - {Start}", null],
    ["{End} > {Start}", true],
    ["{Start} = '2025-10-07T07:04:57.000Z'", true],
    ["'abc' - 1", Number.NaN],
    ["DATETIME_PARSE('2025-10-07T09:04:57+02:00')", "2025-10-07T07:04:57.000Z"],
    ["DATETIME_PARSE('not a date')", Number.NaN],
    ["IS_BEFORE({Start}, DATETIME_PARSE('2025-10-07T07:04:57.001Z'))", true],
    ["IS_BEFORE({Start}, DATETIME_PARSE('2025-10-07T07:04:57.000Z'))", false],
    ["IS_AFTER({End}, {Start})", true],
    ["IS_AFTER({Start}, {End})", false],
    ["IS_BEFORE({Empty}, {Start})", false],
    ["IS_AFTER({Empty}, {Start})", false],
  ])("%s → %j", (src, expected) => {
    expect(run(src, times)).toEqual(expected);
  });
});

describe("operators and functions", () => {
  const f = { Name: "Guy-Wilson", Empty: null, N: 3, Yes: true };
  test.each<[string, FormulaValue]>([
    ["{Name} = 'Guy-Wilson'", true],
    ["{Name} = 'guy-wilson'", false], // text = is case-sensitive
    ["{Name} != 'Wilson'", true],
    ["{Name} = 'Wilson'", false], // equality, never a substring match
    ["LOWER({Name}) = 'guy-wilson'", true],
    ["UPPER({Name})", "GUY-WILSON"],
    ["LEN({Name})", 10],
    ["TRIM('  a b  ')", "a b"],
    ["{Name} & '/' & {N}", "Guy-Wilson/3"],
    ["{N} + 2 * 3", 9],
    ["({N} + 2) * 3", 15],
    ["-{N} < 0", true],
    ["{N} >= 3", true],
    ["{N} <= 2", false],
    ["{N} > 2.5", true],
    ["AND({N} = 3, {Name} = 'Guy-Wilson')", true],
    ["and({N} = 3, {Name} = 'x')", false],
    ["OR({N} = 4, {Yes})", true],
    ["NOT({Yes})", false],
    ["IF({N} > 1, 'big', 'small')", "big"],
    ["IF({Empty}, 'set')", null],
    ["{Empty} = BLANK()", true],
    ["{Empty} = ''", true],
    ["{Name} = BLANK()", false],
    ["RECORD_ID()", "recX"],
    ["RECORD_ID() = 'recX'", true],
    ["CREATED_TIME()", "2025-10-07T07:04:57.000Z"],
    ["TRUE()", true],
    ["FALSE()", false],
    [" \n AND ( {N}=3 ,\t1 ) ", true],
  ])("%s → %j", (src, expected) => {
    expect(run(src, f)).toBe(expected);
  });

  test.each([
    "FIND('a', {Name})",
    "SEARCH('a', {Name})",
    "REGEX_MATCH({Name}, 'a')",
    "{Name} = ",
    "AND()",
    "NOT(1, 2)",
    "IF(1)",
    "({N} = 3",
    "{N} = 3)",
    "{N} == 3",
    "{N} <> 3",
    "'a' 'b'",
    "#",
  ])("%s is refused", (src) => {
    expect(parseFormula(src).isErr()).toBe(true);
  });

  test("parsing never throws, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        parseFormula(s);
      }),
      { numRuns: 2000 },
    );
    expect(parseFormula(42 as unknown as string).isErr()).toBe(true);
  });
});
