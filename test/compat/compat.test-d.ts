import { describe, expectTypeOf, it } from "vitest";
import {
  addClientSuffix,
  type CompatError,
  type CompatErrorCode,
  clearCache,
  createClientRunId,
  createRecordCache,
  getBaseRunId,
  getClientId,
  getRunRecordId,
  normalizeRunId,
  type RecordCache,
  registerRunRecord,
  runIdSystem,
  validateAndStandardizeRunId,
  validateRunId,
} from "../../src/compat/index.js";
import type { BaseRunId, RunIdError } from "../../src/run-id/index.js";

describe("compat types", () => {
  it("takes anything and returns the old conventions: plain strings, null, true, a count", () => {
    expectTypeOf(getBaseRunId).parameter(0).toBeUnknown();
    expectTypeOf(getBaseRunId).returns.toEqualTypeOf<string | null>();
    expectTypeOf(getClientId).returns.toEqualTypeOf<string | null>();
    expectTypeOf(createClientRunId).returns.toEqualTypeOf<string>();
    expectTypeOf(validateRunId).returns.toEqualTypeOf<true>();
    expectTypeOf(validateAndStandardizeRunId).returns.toEqualTypeOf<string>();
    expectTypeOf(normalizeRunId).returns.toEqualTypeOf<string>();
    expectTypeOf(registerRunRecord).returns.toEqualTypeOf<string | null>();
    expectTypeOf(getRunRecordId).returns.toEqualTypeOf<string | null>();
    expectTypeOf(clearCache).returns.toEqualTypeOf<number>();
    expectTypeOf(addClientSuffix).toEqualTypeOf(createClientRunId);
    expectTypeOf(runIdSystem.getBaseRunId).toEqualTypeOf(getBaseRunId);
  });

  it("returns plain strings, not brands: compat output is not a core RunId", () => {
    // @ts-expect-error a compat string is not a BaseRunId; parse it with the core to get one
    const base: BaseRunId = createClientRunId("251007-070457", "Guy-Wilson");
    expectTypeOf(base).toEqualTypeOf<BaseRunId>();
  });

  it("types the error: a stable code union and the core's error as cause", () => {
    expectTypeOf<CompatError["code"]>().toEqualTypeOf<CompatErrorCode>();
    expectTypeOf<"client-mismatch">().toExtend<CompatErrorCode>();
    expectTypeOf<"missing-run-id">().toExtend<CompatErrorCode>();
    expectTypeOf<CompatError["cause"]>().toEqualTypeOf<RunIdError | undefined>();
    expectTypeOf<CompatError>().toExtend<Error>();
  });

  it("record cache keys are branded: plain strings are refused", () => {
    const cache = createRecordCache()._unsafeUnwrap();
    expectTypeOf(cache).toEqualTypeOf<RecordCache>();
    // @ts-expect-error a plain string is not a BaseRunId
    cache.get("251007-070457", "Guy-Wilson");
  });
});
