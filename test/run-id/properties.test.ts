import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ClientId,
  compareRunIds,
  formatRunId,
  isRunId,
  normalizeRunId,
  parseClientId,
  parseRunId,
  type RunId,
  runIdDate,
  withClient,
} from "../../src/index.js";
import {
  anythingArb,
  baseRunIdArb,
  canonicalRunIdArb,
  clientIdArb,
  clientishArb,
  instantArb,
  isClientIdOracle,
  utcStamp,
} from "./arbitraries.js";

const noThrow = (f: () => unknown): void => {
  f();
};

describe("run ID properties", () => {
  it("no function throws for any input of any type", () => {
    fc.assert(
      fc.property(anythingArb, anythingArb, (a, b) => {
        noThrow(() => parseRunId(a));
        noThrow(() => parseRunId(a, { mode: "strict" }));
        noThrow(() => parseRunId(a, b as never));
        noThrow(() => parseClientId(a));
        noThrow(() => isRunId(a));
        noThrow(() => normalizeRunId(a));
        noThrow(() => normalizeRunId(a, { clientId: b as never }));
        noThrow(() => normalizeRunId(a, b as never));
        noThrow(() => withClient(a as RunId, b as ClientId));
        noThrow(() => compareRunIds(a as RunId, b as RunId));
        noThrow(() => runIdDate(a as RunId, b as never));
        noThrow(() => formatRunId(a as never));
      }),
      { numRuns: 2000 },
    );
  });

  it("the client ID scanner agrees with the reference grammar", () => {
    fc.assert(
      fc.property(fc.oneof(clientishArb, fc.string({ unit: "binary", maxLength: 70 })), (s) => {
        expect(parseClientId(s).isOk()).toBe(isClientIdOracle(s));
      }),
      { numRuns: 5000 },
    );
  });

  it("format after parse is the identity on canonical IDs, in both modes", () => {
    fc.assert(
      fc.property(canonicalRunIdArb, (id) => {
        for (const mode of ["lenient", "strict"] as const) {
          const parsed = parseRunId(id, { mode })._unsafeUnwrap();
          if (parsed.kind === "legacy") throw new Error("unexpected legacy");
          expect(parsed.runId).toBe(id);
          expect(parsed.repairs).toEqual([]);
          expect(formatRunId(parsed)._unsafeUnwrap()).toBe(id);
        }
        expect(isRunId(id)).toBe(true);
      }),
    );
  });

  it("strict acceptance is exactly lenient acceptance with no repairs and no legacy", () => {
    fc.assert(
      fc.property(anythingArb, (x) => {
        const strict = parseRunId(x, { mode: "strict" });
        const lenient = parseRunId(x);
        const cleanLenient =
          lenient.isOk() && lenient.value.kind !== "legacy" && lenient.value.repairs.length === 0;
        expect(strict.isOk()).toBe(cleanLenient);
        expect(isRunId(x)).toBe(strict.isOk());
        if (lenient.isErr()) {
          // Errors agree between modes (compared field by field: `input` may be a hostile Proxy).
          const e = strict._unsafeUnwrapErr();
          expect([e.type, e.message]).toEqual([lenient.error.type, lenient.error.message]);
          expect(Object.is(e.input, x)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("normalize is idempotent and its output is canonical", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anythingArb,
          canonicalRunIdArb.map((id) => ` ${id}-${id.slice(14)}\n`),
          canonicalRunIdArb.map((id) => id.replace(/^(.{13})-/, "$1:")),
        ),
        fc.option(clientIdArb, { nil: undefined }),
        (x, clientId) => {
          const once = normalizeRunId(x, { clientId });
          if (once.isErr()) return;
          expect(isRunId(once.value)).toBe(true);
          expect(normalizeRunId(once.value, { clientId })._unsafeUnwrap()).toBe(once.value);
          expect(normalizeRunId(once.value)._unsafeUnwrap()).toBe(once.value);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("withClient is idempotent and parses back to the same base and client", () => {
    fc.assert(
      fc.property(canonicalRunIdArb, clientIdArb, (id, client) => {
        const result = withClient(id as RunId, client as ClientId);
        const existing = id.length > 13 ? id.slice(14) : undefined;
        if (existing !== undefined && existing !== client) {
          expect(result._unsafeUnwrapErr()).toMatchObject({
            type: "client-mismatch",
            actual: existing,
          });
          return;
        }
        const once = result._unsafeUnwrap();
        expect(withClient(once, client as ClientId)._unsafeUnwrap()).toBe(once);
        const parsed = parseRunId(once, { mode: "strict" })._unsafeUnwrap();
        expect(parsed).toMatchObject({
          kind: "client",
          baseRunId: id.slice(0, 13),
          clientId: client,
        });
      }),
    );
  });

  it("withClient never accepts a hyphenated tail or a case variant of the existing client", () => {
    fc.assert(
      fc.property(baseRunIdArb, clientIdArb, clientIdArb, (base, head, tail) => {
        const id = `${base}-${head}-${tail}` as RunId;
        fc.pre(isRunId(id));
        expect(withClient(id, tail as ClientId)._unsafeUnwrapErr().type).toBe("client-mismatch");
        const swapped = `${head}-${tail}`.toUpperCase();
        fc.pre(swapped !== `${head}-${tail}` && isClientIdOracle(swapped));
        expect(withClient(id, swapped as ClientId)._unsafeUnwrapErr().type).toBe("client-mismatch");
      }),
    );
  });

  it("base-ID string order equals chronological order", () => {
    fc.assert(
      fc.property(instantArb, instantArb, (a, b) => {
        const [ia, ib] = [utcStamp(a), utcStamp(b)] as RunId[];
        expect(Math.sign(compareRunIds(ia!, ib!))).toBe(Math.sign(a - b));
        expect(Math.sign(ia! < ib! ? -1 : ia! > ib! ? 1 : 0)).toBe(Math.sign(a - b));
        expect(runIdDate(ia!)._unsafeUnwrap().getTime()).toBe(a);
      }),
    );
  });
});
