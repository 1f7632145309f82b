import { describe, expect, it } from "vitest";
import { isRunId, PLACEHOLDERS, parseRunId } from "../../src/index.js";
import {
  canonicalRunIds,
  invalidRunIds,
  legacyRunIds,
  repairableRunIds,
} from "../fixtures/run-ids.js";

const show = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : typeof v);

describe("parseRunId: canonical IDs", () => {
  it.each(canonicalRunIds)("accepts $input unchanged in both modes", (f) => {
    for (const mode of ["lenient", "strict"] as const) {
      const parsed = parseRunId(f.input, { mode })._unsafeUnwrap();
      expect(parsed.kind).toBe(f.kind);
      if (parsed.kind === "legacy") throw new Error("unexpected legacy");
      expect(parsed.runId).toBe(f.input);
      expect(parsed.repairs).toEqual([]);
      if (parsed.kind === "client") {
        expect(parsed.baseRunId).toBe(f.base);
        expect(parsed.clientId).toBe(f.client);
      }
    }
    expect(isRunId(f.input)).toBe(true);
  });

  it("reads the timestamp fields as written", () => {
    const parsed = parseRunId("240229-235958-Guy")._unsafeUnwrap();
    expect(parsed.kind === "client" && parsed.timestamp).toEqual({
      year: 2024,
      month: 2,
      day: 29,
      hour: 23,
      minute: 59,
      second: 58,
    });
  });

  it("defaults to lenient mode and shares one frozen empty repairs list", () => {
    const a = parseRunId("251007-070457")._unsafeUnwrap();
    const b = parseRunId("251007-070457-Guy")._unsafeUnwrap();
    expect(a.repairs).toBe(b.repairs);
    expect(Object.isFrozen(a.repairs)).toBe(true);
    expect(parseRunId(" 251007-070457").isOk()).toBe(true);
  });
});

describe("parseRunId: lenient repairs", () => {
  it.each(repairableRunIds)("repairs $input to $expected", (f) => {
    const parsed = parseRunId(f.input)._unsafeUnwrap();
    if (parsed.kind === "legacy") throw new Error("unexpected legacy");
    expect(parsed.kind).toBe(f.kind);
    expect(parsed.runId).toBe(f.expected);
    expect(parsed.repairs).toEqual(f.repairs);
    if (parsed.kind === "client") expect(parsed.clientId).toBe(f.client);
    expect(isRunId(f.input)).toBe(false);
  });

  it.each(repairableRunIds)("strict mode refuses $input as $strictError", (f) => {
    const error = parseRunId(f.input, { mode: "strict" })._unsafeUnwrapErr();
    expect(error.type).toBe(f.strictError);
    expect(error.input).toBe(f.input);
    expect(error.message).toContain(JSON.stringify(f.expected));
  });
});

describe("parseRunId: legacy shapes", () => {
  it.each(legacyRunIds)("describes $input as $format without converting it", (f) => {
    const parsed = parseRunId(f.input)._unsafeUnwrap();
    const { input: _input, ...expected } = f;
    expect(parsed).toEqual({ kind: "legacy", ...expected });
  });

  it.each(legacyRunIds)(
    "strict mode refuses $input as legacy-format, carrying the description",
    (f) => {
      const error = parseRunId(f.input, { mode: "strict" })._unsafeUnwrapErr();
      expect(error.type).toBe("legacy-format");
      if (error.type !== "legacy-format") return;
      expect(error.legacy.format).toBe(f.format);
      expect(error.legacy.clientId).toBe(f.clientId);
      expect(error.input).toBe(f.input);
    },
  );

  it("never reads a client from inside an SR or Apify stem (the old getClientId bug)", () => {
    const sr = parseRunId("SR-250924-001-T3304-S1-CDean-Hobin")._unsafeUnwrap();
    expect(sr.kind === "legacy" && sr.clientId).toBe("Dean-Hobin");
    const apify = parseRunId("8MSTBAfqMzuXPvgB3-CGuy-Wilson")._unsafeUnwrap();
    expect(apify.kind === "legacy" && apify.clientId).toBe("Guy-Wilson");
  });
});

describe("parseRunId: refusals", () => {
  it.each(invalidRunIds.map((f) => ({ ...f, shown: show(f.input) })))(
    "refuses $shown ($why) as $error in both modes",
    (f) => {
      for (const mode of ["lenient", "strict"] as const) {
        const result = parseRunId(f.input, { mode });
        expect(result.isErr()).toBe(true);
        const error = result._unsafeUnwrapErr();
        expect(error.type).toBe(f.error);
        expect(error.input).toBe(f.input);
        expect(error.message).toMatch(/^[^\n]+$/);
      }
      expect(isRunId(f.input)).toBe(false);
    },
  );

  it.each(PLACEHOLDERS)("refuses the placeholder %s in any case", (word) => {
    for (const variant of [word, word.toLowerCase(), ` ${word}\n`]) {
      expect(parseRunId(variant)._unsafeUnwrapErr().type).toBe("placeholder");
    }
  });

  it("names the nested master clearly rather than accepting a client batch-all-clients-…", () => {
    const error = parseRunId("251007-070457-batch-all-clients-Guy-Wilson")._unsafeUnwrapErr();
    expect(error.type).toBe("malformed");
    expect(error.message).toContain("nested master");
    expect(error.message).toContain('"Guy-Wilson"');
  });

  it("reports options it cannot read instead of throwing", () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error("trap");
        },
      },
    );
    const error = parseRunId("x", hostile as never)._unsafeUnwrapErr();
    expect(error.type).toBe("invalid-option");
  });

  it("does not call toString or valueOf on non-strings", () => {
    let called = 0;
    const sneaky = { toString: () => String(++called), valueOf: () => ++called };
    expect(parseRunId(sneaky)._unsafeUnwrapErr().type).toBe("not-a-string");
    expect(called).toBe(0);
  });
});
