import { createRequire } from "node:module";
import { beforeEach, describe, expect, it } from "vitest";
import {
  canonicalRunIds,
  invalidClientIds,
  invalidRunIds,
  legacyRunIds,
  repairableRunIds,
  validClientIds,
} from "../fixtures/run-ids.js";

// The run ID core's shared fixtures, run through the *built* CommonJS entry as the old server
// loads it (the .cjs suite cannot import these TypeScript fixtures itself).
const require = createRequire(import.meta.url);
type Compat = typeof import("../../src/compat/index.js");
const entry = "run-records/compat";
const compat = require(entry) as Compat;

/** The code `fn` throws (failing the test when it returns instead). */
function codeThrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    expect(compat.isCompatError(error)).toBe(true);
    return (error as { code: unknown }).code;
  }
  throw new Error("expected a throw");
}

beforeEach(() => {
  compat.clearCache();
});

describe("compat over the shared canonical fixtures", () => {
  it.each(canonicalRunIds)("$input", (f) => {
    expect(compat.getBaseRunId(f.input)).toBe(f.base);
    expect(compat.getClientId(f.input)).toBe(f.client ?? null);
    expect(compat.validateRunId(f.input)).toBe(true);
    expect(compat.validateAndStandardizeRunId(f.input)).toBe(f.input);
    if (f.client === undefined) return;
    expect(compat.createClientRunId(f.base, f.client)).toBe(f.input);
    expect(compat.createClientRunId(f.input, f.client)).toBe(f.input);
    expect(compat.registerRunRecord(f.base, f.client, "rec")).toBe(f.input);
    expect(compat.getRunRecordId(f.input, f.client)).toBe("rec");
  });
});

describe("compat over the shared repair fixtures", () => {
  it.each(repairableRunIds)("$input", (f) => {
    expect(compat.getBaseRunId(f.input)).toBe(f.expected.slice(0, 13));
    expect(compat.getClientId(f.input)).toBe(f.client ?? null);
    expect(compat.validateRunId(f.input)).toBe(true);
    expect(compat.validateAndStandardizeRunId(f.input)).toBe(f.expected);
    if (f.client === undefined) return;
    expect(compat.createClientRunId(f.input, f.client)).toBe(f.expected);
    expect(compat.registerRunRecord(f.input, f.client, "rec")).toBe(f.expected);
    expect(compat.getRunRecordId(f.expected, f.client)).toBe("rec");
  });
});

describe("compat over the shared legacy fixtures", () => {
  it.each(legacyRunIds)("$input", (f) => {
    expect(compat.getBaseRunId(f.input)).toBe(f.input);
    expect(compat.getClientId(f.input)).toBe(f.clientId ?? null);
    expect(compat.validateRunId(f.input)).toBe(true);
    expect(compat.validateAndStandardizeRunId(f.input)).toBe(f.input);
    if (f.clientId === undefined) {
      expect(codeThrown(() => compat.createClientRunId(f.input, "Guy-Wilson"))).toBe(
        "legacy-format",
      );
    } else {
      expect(compat.createClientRunId(f.input, f.clientId)).toBe(f.raw);
      expect(codeThrown(() => compat.createClientRunId(f.input, "Someone-Else"))).toBe(
        "client-mismatch",
      );
    }
    expect(compat.registerRunRecord(f.input, f.clientId ?? "Guy-Wilson", "rec")).toBeNull();
  });
});

describe("compat over the shared invalid fixtures", () => {
  it.each(invalidRunIds)("$why", (f) => {
    const missing = f.input === null || f.input === undefined || f.input === "";
    const isString = typeof f.input === "string";
    expect(compat.getBaseRunId(f.input)).toBe(isString && !missing ? f.input : null);
    expect(compat.getClientId(f.input)).toBeNull();
    const expectedCode = missing ? "missing-run-id" : isString ? f.error : "not-a-string";
    expect(codeThrown(() => compat.validateRunId(f.input))).toBe(expectedCode);
    if (isString && !missing) {
      expect(compat.validateAndStandardizeRunId(f.input)).toBe(f.input);
    } else {
      expect(codeThrown(() => compat.validateAndStandardizeRunId(f.input))).toBe(expectedCode);
    }
    expect(compat.registerRunRecord(f.input, "Guy-Wilson", "rec")).toBeNull();
    expect(compat.getRunRecordId(f.input, "Guy-Wilson")).toBeNull();
    expect(compat.clearCache(f.input)).toBe(0);
  });
});

describe("compat over the shared client ID fixtures", () => {
  it.each(validClientIds)("%s is accepted", (client) => {
    const id = compat.createClientRunId("251007-070457", client);
    expect(compat.getClientId(id)).toBe(client);
    expect(compat.getBaseRunId(id)).toBe("251007-070457");
    expect(compat.registerRunRecord("251007-070457", client, "rec")).toBe(id);
    expect(compat.getRunRecordId(id, client)).toBe("rec");
  });

  it.each(invalidClientIds)("$why is refused", (f) => {
    const missing = f.input === null || f.input === undefined || f.input === "";
    expect(codeThrown(() => compat.createClientRunId("251007-070457", f.input))).toBe(
      missing ? "missing-client-id" : "invalid-client-id",
    );
    expect(compat.registerRunRecord("251007-070457", f.input, "rec")).toBeNull();
    expect(compat.getRunRecordId("251007-070457", f.input)).toBeNull();
  });
});
