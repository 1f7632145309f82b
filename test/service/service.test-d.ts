import type { ResultAsync } from "neverthrow";
import { describe, expectTypeOf, it } from "vitest";
import type { RunIdError } from "../../src/run-id/errors.js";
import {
  createRunRecordService,
  type Job,
  type RunRecordService,
  type ServiceError,
  type StartClientRunResult,
  type StartJobResult,
} from "../../src/service/index.js";
import type { ClientRunRecord } from "../../src/store/records.js";

declare const service: RunRecordService;

describe("RunRecordService types", () => {
  it("returns ResultAsync with ServiceError from every method", () => {
    expectTypeOf(service.startJob()).toEqualTypeOf<ResultAsync<StartJobResult, ServiceError>>();
    expectTypeOf(service.startClientRun).returns.toEqualTypeOf<
      ResultAsync<StartClientRunResult, ServiceError>
    >();
    expectTypeOf(service.getJob).returns.toEqualTypeOf<ResultAsync<Job, ServiceError>>();
    expectTypeOf(service.getClientRun).returns.toEqualTypeOf<
      ResultAsync<ClientRunRecord, ServiceError>
    >();
    expectTypeOf(createRunRecordService).returns.toEqualTypeOf<RunRecordService>();
  });

  it("narrows ServiceError on type", () => {
    const narrow = (error: ServiceError) => {
      if (error.type === "invalid-run-id") expectTypeOf(error.error).toEqualTypeOf<RunIdError>();
      if (error.type === "client-mismatch") expectTypeOf(error.actual).toEqualTypeOf<string>();
      if (error.type === "store-unavailable") expectTypeOf(error.retryable).toEqualTypeOf<true>();
      if (error.type === "store-rejected") expectTypeOf(error.retryable).toEqualTypeOf<false>();
    };
    expectTypeOf(narrow).toBeFunction();
  });

  it("takes a job's totals as numbers", () => {
    expectTypeOf<Job["metrics"]>().toEqualTypeOf<Readonly<Record<string, number>>>();
    // @ts-expect-error operations must be strings
    service.startClientRun({ runId: "x", clientId: "y", operations: [1] });
    // @ts-expect-error the outcome is one of completed | failed | skipped
    service.completeOperation("x", "y", "op", { status: "done" });
  });
});
