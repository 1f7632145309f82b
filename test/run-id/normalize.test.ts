import { describe, expect, it } from "vitest";
import { normalizeRunId } from "../../src/index.js";
import {
  canonicalRunIds,
  invalidRunIds,
  legacyRunIds,
  repairableRunIds,
} from "../fixtures/run-ids.js";

describe("normalizeRunId without a client", () => {
  it.each(canonicalRunIds)("keeps canonical $input", (f) => {
    expect(normalizeRunId(f.input)._unsafeUnwrap()).toBe(f.input);
  });

  it.each(repairableRunIds)("repairs $input to $expected", (f) => {
    expect(normalizeRunId(f.input)._unsafeUnwrap()).toBe(f.expected);
  });

  it.each(legacyRunIds)("refuses legacy $input as legacy-format, never re-timestamped", (f) => {
    const error = normalizeRunId(f.input)._unsafeUnwrapErr();
    expect(error.type).toBe("legacy-format");
    if (error.type === "legacy-format") expect(error.legacy.raw).toBe(f.raw);
  });

  it.each(invalidRunIds.map((f, i) => ({ ...f, i })))(
    "refuses invalid #$i ($why) as $error",
    (f) => {
      expect(normalizeRunId(f.input)._unsafeUnwrapErr().type).toBe(f.error);
    },
  );
});

describe("normalizeRunId with a client", () => {
  it.each([
    ["251007-070457", "Guy-Wilson", "251007-070457-Guy-Wilson"],
    ["251007-070457-Guy-Wilson", "Guy-Wilson", "251007-070457-Guy-Wilson"],
    ["251007-070457-Guy-Wilson-Guy-Wilson", "Guy-Wilson", "251007-070457-Guy-Wilson"],
    ["251007-070457:Guy-Wilson", "Guy-Wilson", "251007-070457-Guy-Wilson"],
    ["251007-070457.0", "Dean-Hobin", "251007-070457-Dean-Hobin"],
    [" 251007-070457\n", " Dean-Hobin ", "251007-070457-Dean-Hobin"],
    ["251007-070457", "Jose\u0301", "251007-070457-José"],
  ])("normalises %j for %j to %s", (input, clientId, expected) => {
    expect(normalizeRunId(input, { clientId })._unsafeUnwrap()).toBe(expected);
  });

  it.each([
    ["251007-070457-Guy-Wilson", "Dean-Hobin"],
    ["251007-070457-Guy-Wilson", "Wilson"],
    ["251007-070457-12345", "2345"],
    ["251007-070457-Guy-Wilson", "guy-wilson"],
    ["251007-070457-Guy-Wilson-Guy-Wilson", "Wilson"],
    [" 251007-070457:Guy-Wilson", "Dean-Hobin"],
  ])("refuses %s for %s as client-mismatch, naming the caller's input", (input, clientId) => {
    const error = normalizeRunId(input, { clientId })._unsafeUnwrapErr();
    expect(error).toMatchObject({ type: "client-mismatch", input, expected: clientId });
  });

  it("refuses legacy shapes even with a client", () => {
    const error = normalizeRunId("8MSTBAfqMzuXPvgB3-CGuy-Wilson", { clientId: "Guy-Wilson" });
    expect(error._unsafeUnwrapErr().type).toBe("legacy-format");
  });

  it.each([
    ["", "empty"],
    ["Guy Wilson", "invalid-client-id"],
    ["Guy-Wilson-Guy-Wilson", "invalid-client-id"],
  ])("refuses the client option %j as %s", (clientId, type) => {
    expect(normalizeRunId("251007-070457", { clientId })._unsafeUnwrapErr().type).toBe(type);
  });

  it("refuses a non-string client option and unreadable options without throwing", () => {
    expect(normalizeRunId("251007-070457", { clientId: 5 as never })._unsafeUnwrapErr().type).toBe(
      "not-a-string",
    );
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error("trap");
        },
      },
    );
    expect(normalizeRunId("251007-070457", hostile as never)._unsafeUnwrapErr().type).toBe(
      "invalid-option",
    );
  });
});
