import { describe, expect, it } from "vitest";
import { type LegacyRunId, legacyReadingFor, normalizeRunId, parseRunId } from "../../src/index.js";

const legacy = (s: string): LegacyRunId => {
  const parsed = parseRunId(s)._unsafeUnwrap();
  if (parsed.kind !== "legacy") throw new Error(`${s} parsed as ${parsed.kind}`);
  return parsed;
};

// A suffix starting with C is either the old `-C<client>` marker or a client named C….
describe("legacy IDs whose client part starts with C", () => {
  it.each([
    ["8MSTBAfqMzuXPvgB3-CJ-Smith", "J-Smith", ["J-Smith", "CJ-Smith"]],
    ["SR-250924-001-T3304-S1-CJ-Smith", "J-Smith", ["J-Smith", "CJ-Smith"]],
    ["OYkC0ZbuWPOvwkLid-Chris-Lee", "Chris-Lee", ["Chris-Lee", "hris-Lee"]],
    ["OYkC0ZbuWPOvwkLid-C3PO", "3PO", ["3PO", "C3PO"]],
    ["8MSTBAfqMzuXPvgB3-CJ-Smith-CJ-Smith", "J-Smith", ["J-Smith", "CJ-Smith"]],
    ["OYkC0ZbuWPOvwkLid-Dean-Hobin", "Dean-Hobin", ["Dean-Hobin"]],
    // "C-Smith" read with the marker would start with "-": one reading only.
    ["OYkC0ZbuWPOvwkLid-C-Smith", "C-Smith", ["C-Smith"]],
  ])("%s carries every reading", (input, clientId, clientIds) => {
    expect(legacy(input)).toMatchObject({ clientId, clientIds });
  });

  it("a legacy shape without a client has no readings", () => {
    expect(legacy("8MSTBAfqMzuXPvgB3").clientIds).toBeUndefined();
  });

  it("legacyReadingFor chooses the reading of the client the caller knows", () => {
    const l = legacy("8MSTBAfqMzuXPvgB3-CJ-Smith");
    expect(legacyReadingFor(l, "CJ-Smith")).toMatchObject({
      clientId: "CJ-Smith",
      raw: "8MSTBAfqMzuXPvgB3-CJ-Smith",
    });
    expect(legacyReadingFor(l, "J-Smith")).toBe(l);
    expect(legacyReadingFor(l, "Smith")).toBeUndefined();
    expect(legacyReadingFor(legacy("8MSTBAfqMzuXPvgB3"), "J-Smith")).toBeUndefined();
  });

  it("normalizeRunId with clientId reads the suffix as that client", () => {
    for (const clientId of ["CJ-Smith", "J-Smith", " CJ-Smith "]) {
      const e = normalizeRunId("8MSTBAfqMzuXPvgB3-CJ-Smith", { clientId })._unsafeUnwrapErr();
      expect(e.type).toBe("legacy-format");
      if (e.type === "legacy-format") expect(e.legacy.clientId).toBe(clientId.trim());
    }
  });

  it("normalizeRunId with a client no reading matches is client-mismatch", () => {
    expect(
      normalizeRunId("8MSTBAfqMzuXPvgB3-CJ-Smith", { clientId: "Smith" })._unsafeUnwrapErr(),
    ).toMatchObject({ type: "client-mismatch", expected: "Smith", actual: "J-Smith" });
    expect(
      normalizeRunId("8MSTBAfqMzuXPvgB3-CJ-Smith", { clientId: "J Smith" })._unsafeUnwrapErr().type,
    ).toBe("invalid-client-id");
    // Without a client, or for a shape carrying none, legacy-format as before.
    expect(normalizeRunId("8MSTBAfqMzuXPvgB3-CJ-Smith")._unsafeUnwrapErr().type).toBe(
      "legacy-format",
    );
    expect(
      normalizeRunId("8MSTBAfqMzuXPvgB3", { clientId: "J-Smith" })._unsafeUnwrapErr().type,
    ).toBe("legacy-format");
  });
});
