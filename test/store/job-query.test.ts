import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BaseRunId } from "../../src/run-id/brand.js";
import { jobCursor, parseJobQuery } from "../../src/store/job-query.js";

const query = (input: unknown) => parseJobQuery(input)._unsafeUnwrap();

describe("listJobs cursors", () => {
  it("carry any position back to the query they came from", () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => n + 0), // JSON has no -0
        fc.string({ minLength: 1, maxLength: 40 }),
        (startedAt, runId) => {
          const first = query({ status: "running" });
          const cursor = jobCursor(first, { startedAt, runId: runId as BaseRunId });
          const next = query({ status: "running", cursor });
          expect(next.after).toEqual({ startedAt, runId });
        },
      ),
    );
  });

  it("keep a page that ends on a legacy run ID pageable", () => {
    const cursor = jobCursor(query({}), {
      startedAt: 1,
      runId: "SR-250924-001" as BaseRunId,
    });
    expect(parseJobQuery({ cursor }).isOk()).toBe(true);
  });

  it("are refused by a query with other filters, naming the cursor", () => {
    const cursor = jobCursor(query({ tags: { a: "1" } }), {
      startedAt: 1,
      runId: "251007-070457" as BaseRunId,
    });
    expect(parseJobQuery({ tags: { a: "2" }, cursor })._unsafeUnwrapErr().field).toBe("cursor");
    expect(parseJobQuery({ cursor: "not a cursor" })._unsafeUnwrapErr().field).toBe("cursor");
  });

  it("do not depend on the order tags were given in", () => {
    const cursor = jobCursor(query({ tags: { a: "1", b: "2" } }), {
      startedAt: 1,
      runId: "251007-070457" as BaseRunId,
    });
    expect(parseJobQuery({ tags: { b: "2", a: "1" }, cursor }).isOk()).toBe(true);
  });
});
