import { describe, expect, it } from "vitest";
import { MAX_CLIENT_ID_LENGTH, parseClientId } from "../../src/index.js";
import { invalidClientIds, validClientIds } from "../fixtures/run-ids.js";

const show = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : typeof v);

describe("parseClientId", () => {
  it.each(validClientIds)("accepts %s exactly as given", (id) => {
    expect(parseClientId(id)._unsafeUnwrap()).toBe(id);
  });

  it.each(invalidClientIds.map((f) => ({ ...f, shown: show(f.input) })))(
    "refuses $shown ($why) as $error",
    (f) => {
      const error = parseClientId(f.input)._unsafeUnwrapErr();
      expect(error.type).toBe(f.error);
      expect(error.input).toBe(f.input);
      expect(error.message).toMatch(/^[^\n]+$/);
    },
  );

  it("counts code points, not UTF-16 units, against the 64 limit", () => {
    const astral = "𝒜".repeat(MAX_CLIENT_ID_LENGTH);
    expect(astral.length).toBe(128);
    expect(parseClientId(astral).isOk()).toBe(true);
    expect(parseClientId(`${astral}b`).isErr()).toBe(true);
  });

  it("keeps case: Guy-Wilson and guy-wilson are two clients", () => {
    expect(parseClientId("Guy-Wilson")._unsafeUnwrap()).not.toBe(
      parseClientId("guy-wilson")._unsafeUnwrap(),
    );
  });

  it("refuses every character that could break a separator or an Airtable formula", () => {
    for (const ch of [
      ..." \t\n'\"{}.:,/\\()[]=&|+*%$#@!?;<>`~^",
      "\u0000",
      "\u007f",
      "\u00a0",
      "\u2028",
    ]) {
      expect(parseClientId(`a${ch}b`).isErr(), JSON.stringify(ch)).toBe(true);
    }
  });

  it("names the repeated unit as a double suffix, and only exact repeats", () => {
    expect(parseClientId("Guy-Wilson-Guy-Wilson")._unsafeUnwrapErr().message).toContain(
      "double suffix",
    );
    expect(parseClientId("Guy-Wilson-guy-wilson").isOk()).toBe(true);
    expect(parseClientId("a-b-a").isOk()).toBe(true);
  });
});
