import { describe, expect, it } from "vitest";
import {
  type ClientId,
  clientIdOf,
  parseRunId,
  type RunId,
  toBaseRunId,
  withClient,
} from "../../src/index.js";

const id = (s: string): RunId => s as RunId;
const client = (s: string): ClientId => s as ClientId;

describe("toBaseRunId and clientIdOf", () => {
  it.each([
    ["251007-070457", "251007-070457", undefined],
    ["251007-070457-Guy-Wilson", "251007-070457", "Guy-Wilson"],
    ["251007-070457-Guy-Wilson-Dean-Hobin", "251007-070457", "Guy-Wilson-Dean-Hobin"],
    ["251007-070457-12345", "251007-070457", "12345"],
  ])("splits %s from the left", (input, base, clientId) => {
    expect(toBaseRunId(id(input))).toBe(base);
    expect(clientIdOf(id(input))).toBe(clientId);
  });

  it("never throws for values untyped code might pass", () => {
    expect(toBaseRunId(42 as never)).toBe("");
    expect(clientIdOf(null as never)).toBeUndefined();
  });
});

describe("withClient", () => {
  it("appends to a base ID", () => {
    expect(withClient(id("251007-070457"), client("Guy-Wilson"))._unsafeUnwrap()).toBe(
      "251007-070457-Guy-Wilson",
    );
  });

  it("is idempotent for the same client", () => {
    const once = withClient(id("251007-070457"), client("Guy-Wilson"))._unsafeUnwrap();
    expect(withClient(once, client("Guy-Wilson"))._unsafeUnwrap()).toBe(once);
  });

  it.each([
    ["251007-070457-Guy-Wilson", "Dean-Hobin", "another client: never appended, never replaced"],
    ["251007-070457-Guy-Wilson", "Wilson", "a hyphenated tail (the endsWith leak)"],
    ["251007-070457-12345", "2345", "a numeric tail"],
    ["251007-070457-123-456", "456", "a numeric hyphenated tail"],
    ["251007-070457-Guy-Wilson", "guy-wilson", "the same letters in another case"],
    ["251007-070457-Guy-Wilson", "Guy", "a prefix"],
    ["251007-070457-Guy", "Guy-Wilson", "a longer client"],
  ])("refuses %s + %s as client-mismatch (%s)", (runId, other, _why) => {
    const error = withClient(id(runId), client(other))._unsafeUnwrapErr();
    expect(error).toMatchObject({
      type: "client-mismatch",
      input: runId,
      expected: other,
      actual: runId.slice(14),
    });
  });

  it.each([
    ["", "empty"],
    ["Guy Wilson", "invalid-client-id"],
    ["Guy-Wilson-Guy-Wilson", "invalid-client-id"],
    ["251007-070457", "invalid-client-id"],
  ])("refuses the client %j as %s", (bad, type) => {
    const error = withClient(id("251007-070457"), client(bad))._unsafeUnwrapErr();
    expect(error.type).toBe(type);
    expect(error.input).toBe(bad);
  });

  it.each([
    [42, "not-a-string"],
    ["251399-256199", "invalid-date"],
    [" 251007-070457", "malformed"],
    ["8MSTBAfqMzuXPvgB3", "legacy-format"],
    ["UNKNOWN", "placeholder"],
  ])(
    "refuses a run ID that is not canonical at runtime (%j) with the strict parse error",
    (bad, type) => {
      expect(withClient(bad as never, client("Guy"))._unsafeUnwrapErr().type).toBe(type);
    },
  );

  it("refuses a client that is not a string at runtime", () => {
    expect(withClient(id("251007-070457"), 7 as never)._unsafeUnwrapErr().type).toBe(
      "not-a-string",
    );
  });

  it("produces IDs that parse back to the same base and client", () => {
    const result = withClient(id("251007-070457"), client("Zoë-Müller"))._unsafeUnwrap();
    const parsed = parseRunId(result, { mode: "strict" })._unsafeUnwrap();
    expect(parsed).toMatchObject({
      kind: "client",
      baseRunId: "251007-070457",
      clientId: "Zoë-Müller",
    });
  });
});
