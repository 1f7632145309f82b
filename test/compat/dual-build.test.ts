import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// Both builds of the package, loaded by its own name as a consumer would (package.json
// `exports`: `require` → dist/compat.cjs, `import` → dist/compat.js).
const require = createRequire(import.meta.url);
type Compat = typeof import("../../src/compat/index.js");
// A variable specifier keeps the typecheck independent of whether dist/ has been built yet.
const entry = "run-records/compat";
const cjs = require(entry) as Compat;
const esm = (await import(entry)) as Compat;

const INPUTS: readonly unknown[] = [
  "251007-070457",
  "251007-070457-Guy-Wilson",
  " 251007-070457:Guy-Wilson\n",
  "251007-070457-Guy-Wilson-Guy-Wilson",
  "251007-070457.0",
  "251007-070457-batch-all-clients-Guy-Wilson",
  "SR-250924-001-T3304-S1-CDean-Hobin",
  "8MSTBAfqMzuXPvgB3-CGuy-Wilson-CGuy-Wilson",
  "OYkC0ZbuWPOvwkLid-Dean-Hobin",
  "job_post_scoring_stream1_20250929094802",
  "post_batch_standalone_1717146242405",
  "UNKNOWN",
  "validation",
  "251399-256199",
  "   ",
  "",
  null,
  undefined,
  42,
  {},
];
const CLIENTS: readonly unknown[] = ["Guy-Wilson", "Wilson", "Dean-Hobin", "Guy Wilson", "", 7];

/** A comparable outcome: the value returned, or the code thrown. */
function outcome(fn: () => unknown): unknown {
  try {
    return { value: fn() };
  } catch (error) {
    return { code: (error as { code?: unknown }).code, message: (error as Error).message };
  }
}

describe("the CommonJS and ESM builds of run-records/compat", () => {
  it("export the same names", () => {
    expect(Object.keys(esm).sort()).toEqual(Object.keys(cjs).sort());
  });

  it("agree on every one-argument function for every shape", () => {
    const names = [
      "getBaseRunId",
      "getClientId",
      "validateRunId",
      "validateAndStandardizeRunId",
      "normalizeRunId",
      "stripClientSuffix",
    ] as const;
    for (const name of names) {
      for (const input of INPUTS) {
        const fromCjs = outcome(() => (cjs[name] as (x: unknown) => unknown)(input));
        const fromEsm = outcome(() => (esm[name] as (x: unknown) => unknown)(input));
        expect(fromEsm, `${name}(${String(input)})`).toEqual(fromCjs);
      }
    }
  });

  it("agree on createClientRunId for every shape and client", () => {
    for (const input of INPUTS) {
      for (const client of CLIENTS) {
        expect(outcome(() => esm.createClientRunId(input, client))).toEqual(
          outcome(() => cjs.createClientRunId(input, client)),
        );
      }
    }
  });

  it("throw errors that isCompatError recognises across builds, though instanceof cannot", () => {
    let fromCjs: unknown;
    try {
      cjs.validateRunId("UNKNOWN");
    } catch (error) {
      fromCjs = error;
    }
    expect(fromCjs).toBeInstanceOf(cjs.CompatError);
    expect(fromCjs).not.toBeInstanceOf(esm.CompatError);
    expect(esm.isCompatError(fromCjs)).toBe(true);
    expect(cjs.isCompatError(fromCjs)).toBe(true);
    expect(esm.isCompatError(new Error("plain"))).toBe(false);
    expect(esm.isCompatError({ name: "CompatError", code: "placeholder" })).toBe(false);
  });
});
