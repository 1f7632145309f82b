import { describe, expect, it } from "vitest";
import { normalizeRunId, parseRunId } from "../../src/index.js";

// A number read back from a sheet gains ".0": client run IDs as well as base ones.
describe("a trailing .0 on a client run ID", () => {
  it.each([
    ["251007-070457-Guy-Wilson.0", ["decimal-suffix"]],
    [" 251007-070457-Guy-Wilson.0\n", ["trimmed", "decimal-suffix"]],
    ["251007-070457:Guy-Wilson.0", ["decimal-suffix", "colon-separator"]],
    ["251007-070457-Guy-Wilson-Guy-Wilson.0", ["decimal-suffix", "double-suffix"]],
  ])("parseRunId repairs %j", (input, repairs) => {
    const parsed = parseRunId(input)._unsafeUnwrap();
    expect(parsed).toMatchObject({
      kind: "client",
      runId: "251007-070457-Guy-Wilson",
      baseRunId: "251007-070457",
      clientId: "Guy-Wilson",
      repairs,
    });
  });

  it("is refused in strict mode, naming the repair lenient mode would apply", () => {
    const e = parseRunId("251007-070457-Guy-Wilson.0", { mode: "strict" })._unsafeUnwrapErr();
    expect(e.type).toBe("malformed");
    expect(e.message).toContain('".0"');
  });

  it("normalizeRunId drops it, with and without the client", () => {
    expect(normalizeRunId("251007-070457-Guy-Wilson.0")._unsafeUnwrap()).toBe(
      "251007-070457-Guy-Wilson",
    );
    expect(
      normalizeRunId("251007-070457-Guy-Wilson.0", { clientId: "Guy-Wilson" })._unsafeUnwrap(),
    ).toBe("251007-070457-Guy-Wilson");
    expect(
      normalizeRunId("251007-070457-Guy-Wilson.0", { clientId: "Wilson" })._unsafeUnwrapErr(),
    ).toMatchObject({ type: "client-mismatch", input: "251007-070457-Guy-Wilson.0" });
  });

  it("removes one .0 only: other decimals stay malformed", () => {
    for (const input of [
      "251007-070457-Guy-Wilson.0.0",
      "251007-070457-Guy-Wilson.5",
      "251007-070457-.0",
    ]) {
      expect(parseRunId(input).isErr(), input).toBe(true);
    }
  });
});
