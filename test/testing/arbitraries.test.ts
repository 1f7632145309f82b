import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientIdOf, parseClientId, parseRunId, toBaseRunId } from "../../src/run-id/index.js";
import {
  arbitraryBaseRunId,
  arbitraryClientId,
  arbitraryClientRunId,
} from "../../src/testing/index.js";

describe("arbitraries", () => {
  it("base run IDs are canonical: a strict parse gives them back unchanged", () => {
    fc.assert(
      fc.property(arbitraryBaseRunId(), (id) => {
        const parsed = parseRunId(id, { mode: "strict" })._unsafeUnwrap();
        expect(parsed.kind).toBe("base");
        expect(parsed.kind === "base" && parsed.runId).toBe(id);
      }),
    );
  });

  it("client IDs are valid and include hyphenated and non-ASCII ones", () => {
    const samples = fc.sample(arbitraryClientId(), { numRuns: 500, seed: 7 });
    for (const id of samples) expect(parseClientId(id)._unsafeUnwrap()).toBe(id);
    expect(samples.some((id) => id.includes("-"))).toBe(true);
    expect(samples.some((id) => /[^\x00-\x7f]/.test(id))).toBe(true);
    expect(new Set(samples).size).toBeGreaterThan(100);
  });

  it("client run IDs decompose into their base run ID and client ID", () => {
    fc.assert(
      fc.property(arbitraryClientRunId(), (id) => {
        const parsed = parseRunId(id, { mode: "strict" })._unsafeUnwrap();
        expect(parsed.kind).toBe("client");
        if (parsed.kind !== "client") return;
        expect(parsed.runId).toBe(id);
        expect(toBaseRunId(id)).toBe(parsed.baseRunId);
        expect(clientIdOf(id)).toBe(parsed.clientId);
        expect(id).toBe(`${parsed.baseRunId}-${parsed.clientId}`);
      }),
    );
  });
});
