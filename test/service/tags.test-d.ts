import type { ResultAsync } from "neverthrow";
import { describe, expectTypeOf, it } from "vitest";
import type { RunRecordService, ServiceError } from "../../src/service/index.js";
import type { JobPage } from "../../src/store/job-query.js";
import type { ClientRunRecord, JobRecord } from "../../src/store/records.js";

declare const service: RunRecordService;
declare const maybeClient: string | undefined;

describe("listJobs and setTags types", () => {
  it("lists pages of stored job records", () => {
    expectTypeOf(service.listJobs()).toEqualTypeOf<ResultAsync<JobPage, ServiceError>>();
    expectTypeOf(service.listJobs({ status: ["running", "stale"], limit: 5 })).toEqualTypeOf<
      ResultAsync<JobPage, ServiceError>
    >();
    expectTypeOf<JobPage["jobs"][number]>().toEqualTypeOf<JobRecord>();
    // @ts-expect-error a status that does not exist
    service.listJobs({ status: "done" });
  });

  it("gives a job without a client ID and a client run with one", () => {
    expectTypeOf(service.setTags("251007-070457", undefined, { a: "1", b: null })).toEqualTypeOf<
      ResultAsync<JobRecord, ServiceError>
    >();
    expectTypeOf(service.setTags("251007-070457", "Guy-Wilson", { a: "1" })).toEqualTypeOf<
      ResultAsync<ClientRunRecord, ServiceError>
    >();
    expectTypeOf(service.setTags("251007-070457", maybeClient, {})).toEqualTypeOf<
      ResultAsync<JobRecord | ClientRunRecord, ServiceError>
    >();
    // @ts-expect-error tag values are strings (or null to remove)
    service.setTags("251007-070457", undefined, { a: 1 });
  });

  it("takes initial tags on start, without null", () => {
    service.startJob({ tags: { source: "cron" } });
    service.startClientRun({ runId: "251007-070457", clientId: "Guy-Wilson", tags: { a: "1" } });
    // @ts-expect-error there is nothing to remove on a new record
    service.startJob({ tags: { source: null } });
  });
});
