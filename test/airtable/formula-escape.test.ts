import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { formulaField, formulaString } from "../../src/airtable/formula-escape.js";
import { allEqual, anyOf, fieldEquals } from "../../src/airtable/key-formula.js";
import { evaluate, isTruthy } from "../support/airtable/formula-eval.js";
import { parseFormula } from "../support/airtable/formula-parser.js";

const fullUnicode = fc.string({ unit: "binary", maxLength: 60 });
const tricky = fc.string({
  unit: fc.constantFrom(
    "'",
    '"',
    "\\",
    "\n",
    "\r",
    "\t",
    "}",
    "{",
    ")",
    ",",
    "&",
    "a",
    "é",
    "🚀",
    " ",
  ),
  maxLength: 30,
});
const anyText = fc.oneof(fullUnicode, tricky);

const matches = (formula: string, fields: Record<string, string>): boolean => {
  const node = parseFormula(formula);
  if (node.isErr()) throw new Error(`${formula}: ${node.error.message}`);
  return isTruthy(
    evaluate(node.value, {
      id: "rec1",
      createdTime: "2025-10-07T07:04:57.000Z",
      field: (name) => fields[name] ?? null,
    }),
  );
};

describe("formulaString (one escaper for every formula literal)", () => {
  test.prop([anyText])("any string round-trips through a formula literal", (value) => {
    const node = parseFormula(formulaString(value));
    expect(node.isOk() && node.value).toEqual({ type: "literal", value });
  });

  test.prop([anyText, anyText])(
    "`{Field} = literal` holds exactly when the values are equal",
    (stored, wanted) => {
      expect(matches(fieldEquals("Run ID", wanted), { "Run ID": stored })).toBe(stored === wanted);
    },
  );

  test.prop([anyText, anyText])(
    "a client-run key matches only when both fields are equal (no substring, no concatenation collision)",
    (run, client) => {
      const formula = allEqual([
        ["Run ID", run],
        ["Client ID", client],
      ]);
      expect(matches(formula, { "Run ID": run, "Client ID": client })).toBe(true);
      expect(matches(formula, { "Run ID": `${run}x`, "Client ID": client })).toBe(false);
      expect(matches(formula, { "Run ID": run, "Client ID": `x${client}` })).toBe(false);
    },
  );

  test.prop([fc.anything()])(
    "values that are not strings are quoted too, never spliced in",
    (value) => {
      let text: string;
      try {
        text = String(value);
      } catch {
        return; // objects without a string form cannot be turned into a formula at all
      }
      const node = parseFormula(formulaString(value));
      expect(node.isOk() && node.value).toEqual({ type: "literal", value: text });
    },
  );

  test("injection attempts stay literals", () => {
    const attacks = [
      "x' OR 1=1 OR 'x",
      "251007-070457', TRUE(), '",
      "\\' & {Status} & '",
      "'); DELETE --",
      "a\\",
    ];
    for (const attack of attacks) {
      // As a caller that bypasses the branded types would pass it.
      expect(matches(fieldEquals("Run ID", attack), { "Run ID": "251007-070457" })).toBe(false);
      expect(matches(fieldEquals("Run ID", attack), { "Run ID": attack })).toBe(true);
    }
  });

  test("keys are looked up with =, never FIND or SEARCH", () => {
    const formula = anyOf([
      fieldEquals("Key", "a"),
      allEqual([
        ["Run ID", "b"],
        ["Client ID", "c"],
      ]),
    ]);
    expect(formula).toBe("OR({Key} = 'a', AND({Run ID} = 'b', {Client ID} = 'c'))");
    expect(formula).not.toMatch(/FIND|SEARCH/);
  });

  test.prop([fc.string({ maxLength: 20 })])(
    "field names with braces and backslashes are escaped",
    (name) => {
      expect(matches(`${formulaField(name)} = 'v'`, { [name]: "v" })).toBe(true);
    },
  );
});
