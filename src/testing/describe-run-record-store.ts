import { describe } from "vitest";
import { describeConditionalCases } from "./cases/conditional.js";
import { describeCopyCases } from "./cases/copies.js";
import { describeCreateCases } from "./cases/create.js";
import { describeIdempotencyCases } from "./cases/idempotency.js";
import { describeIncrementCases } from "./cases/increments.js";
import { describeLinkCases } from "./cases/links.js";
import { describeListJobsCases } from "./cases/list-jobs.js";
import { describeModelCases } from "./cases/model.js";
import { describeProgressCases } from "./cases/progress.js";
import { describeRunningCases } from "./cases/running.js";
import { describeServiceCases } from "./cases/service.js";
import { describeTagCases } from "./cases/tags.js";
import { describeTenantCases } from "./cases/tenants.js";
import { describeUpdateCases } from "./cases/updates.js";
import { createSuiteContext, type DescribeRunRecordStoreOptions } from "./suite-context.js";

/**
 * Registers the conformance suite every run record store must pass: create-if-absent under forced races,
 * idempotency and `conflict`, no lost increments, change tokens, `ifStatus` checked atomically under a race (an empty
 * list refuses), `set` to 0, identical progress lines kept, external links (case-sensitive), complete lists,
 * `listJobs` order, filters and paging, tags, records copied both ways, stale sweep and fencing, tenant isolation,
 * and a model-based test. Call it at the top level of a vitest test file.
 * @param options - How to make (and destroy) a fresh store, and what to skip or add.
 */
export function describeRunRecordStore(options: DescribeRunRecordStoreOptions): void {
  describe(`RunRecordStore conformance: ${options.name}`, () => {
    describeCreateCases(options);
    describeUpdateCases(options);
    describeConditionalCases(options);
    describeIncrementCases(options);
    describeIdempotencyCases(options);
    describeProgressCases(options);
    describeLinkCases(options);
    describeTenantCases(options);
    describeRunningCases(options);
    describeListJobsCases(options);
    describeTagCases(options);
    describeCopyCases(options);
    describeServiceCases(options);
    describeModelCases(options);
    if (options.additionalTests) {
      describe("additional", () =>
        options.additionalTests?.(createSuiteContext(options, "additional")));
    }
  });
}
