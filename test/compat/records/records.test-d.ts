import { describe, expectTypeOf, it } from "vitest";
import {
  type ClientRunAnswer,
  type CompatErrorCode,
  type CreatedClientRun,
  createJobTracking,
  createRunRecordAdapter,
  type JobTracking,
  type OldRecord,
  type RecordCompatOptions,
  type RunRecordAdapter,
} from "../../../src/compat/index.js";
import { createMemoryStore, createRunRecordService } from "../../../src/index.js";

describe("record facades: types", () => {
  it("take the service createRunRecordService builds and return the old objects", () => {
    const service = createRunRecordService({ store: createMemoryStore() });
    expectTypeOf(createJobTracking({ service })).toEqualTypeOf<JobTracking>();
    expectTypeOf(createRunRecordAdapter({ service })).toEqualTypeOf<RunRecordAdapter>();
    expectTypeOf<{ service: typeof service }>().toExtend<RecordCompatOptions>();
    // @ts-expect-error the service is required
    createJobTracking({});
  });

  it("old shapes: promises of records, answers and booleans", () => {
    const jobTracking = createJobTracking({
      service: createRunRecordService({ store: createMemoryStore() }),
    });
    expectTypeOf(
      jobTracking.getJobById("251007-070457"),
    ).resolves.toEqualTypeOf<OldRecord | null>();
    expectTypeOf(jobTracking.createClientRun({})).resolves.toEqualTypeOf<CreatedClientRun>();
    expectTypeOf(jobTracking.updateClientMetrics({})).resolves.toEqualTypeOf<ClientRunAnswer>();
    expectTypeOf(jobTracking.checkClientRunExists({})).resolves.toEqualTypeOf<boolean>();
    expectTypeOf(jobTracking.standardizeRunId("x")).toEqualTypeOf<string | null>();
    expectTypeOf(jobTracking.JobTracking).toEqualTypeOf<JobTracking>();
  });

  it("the record error codes are CompatError codes", () => {
    expectTypeOf<"not-found" | "run-terminal" | "store-unavailable">().toExtend<CompatErrorCode>();
  });
});
