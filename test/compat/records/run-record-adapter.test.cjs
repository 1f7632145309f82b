// The simple run-record adapter through require('run-records/compat'), function by function: old
// arguments in (object form and the older positional form), old shape out, the fixes asserted.
const { describe, it } = require("@vitest/runner");
const {
  assert,
  BASE,
  GUY,
  DEAN,
  GUY_RUN,
  makeCompat,
  rejectsCode,
  clientRun,
} = require("./records-fixture.cjs");

/** A job with Guy Wilson's client run, created through the adapter. */
async function started() {
  const ctx = makeCompat();
  await ctx.adapter.createJobRecord({ runId: BASE, stream: 1 });
  await ctx.adapter.createRunRecord({ runId: BASE, clientId: GUY, clientName: "Guy Wilson" });
  return ctx;
}

const isOldRecord = (value, id) => {
  assert.equal(value.id, id);
  assert.equal(typeof value.fields, "object");
  assert.equal(typeof value.get, "function");
  assert.equal(value.get("Run ID"), value.fields["Run ID"]);
};

describe("createRunRecordAdapter({ service })", () => {
  it("has exactly the old function names", () => {
    const { adapter } = makeCompat();
    const names = [
      "checkRunRecordExists",
      "updateRunRecord",
      "completeRunRecord",
      "updateClientMetrics",
      "safeUpdateMetrics",
      "createRunRecord",
      "createJobRecord",
      "completeJobRecord",
      "updateJobAggregates",
      "completeClientProcessing",
      "createClientRunRecord",
    ];
    assert.deepEqual(Object.keys(adapter).sort(), [...names].sort());
    assert.equal(adapter.createClientRunRecord, adapter.createRunRecord);
  });
});

describe("createJobRecord / createRunRecord", () => {
  it("createJobRecord returns the record with success, created and existed; a repeat exists", async () => {
    const { adapter } = makeCompat();
    const made = await adapter.createJobRecord({ runId: GUY_RUN, stream: 2 });
    isOldRecord(made, BASE);
    assert.equal(made.success, true);
    assert.equal(made.created, true);
    assert.equal(made.existed, false);
    assert.equal(made.fields.Stream, 2);
    const again = await adapter.createJobRecord(BASE, 3); // positional, other stream
    assert.deepEqual([again.success, again.created, again.existed], [true, false, true]);
    await rejectsCode(adapter.createJobRecord({ runId: "UNKNOWN" }), "placeholder");
    await rejectsCode(adapter.createJobRecord({}), "missing-run-id");
  });

  it("createRunRecord returns the one record however many callers race", async () => {
    const { adapter, service } = makeCompat();
    await adapter.createJobRecord({ runId: BASE });
    const records = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 2
          ? adapter.createRunRecord(BASE, GUY, "Guy Wilson")
          : adapter.createRunRecord({ runId: GUY_RUN, clientId: GUY }),
      ),
    );
    for (const record of records) isOldRecord(record, GUY_RUN);
    assert.equal((await service.listClientRuns(BASE))._unsafeUnwrap().length, 1);
    assert.deepEqual(
      await adapter.createRunRecord({
        runId: BASE,
        clientId: DEAN,
        options: { isStandalone: true },
      }),
      {
        skipped: true,
        reason: "standalone_run",
      },
    );
    await rejectsCode(
      adapter.createRunRecord({ runId: GUY_RUN, clientId: DEAN }),
      "client-mismatch",
    );
    await rejectsCode(adapter.createRunRecord({ runId: BASE }), "missing-client-id");
    await rejectsCode(adapter.createRunRecord(null), "invalid-argument");
  });
});

describe("checkRunRecordExists", () => {
  it("never counts another run of the same day", async () => {
    const { adapter } = await started();
    const rows = [
      [{ runId: GUY_RUN, clientId: GUY }, true],
      [{ runId: BASE, clientId: GUY }, true],
      [{ runId: GUY_RUN }, true], // the client comes from the run ID
      [[GUY_RUN, GUY], true], // positional
      [{ runId: "251007-090000", clientId: GUY }, false], // same day, another run: the old FIND said true
      [{ runId: "251007-090000-Guy-Wilson" }, false],
      [{ runId: BASE, clientId: DEAN }, false],
      [{ runId: BASE }, false],
      [{ runId: "UNKNOWN", clientId: GUY }, false],
      [undefined, false],
    ];
    for (const [args, expected] of rows) {
      const answer = Array.isArray(args)
        ? await adapter.checkRunRecordExists(...args)
        : await adapter.checkRunRecordExists(args);
      assert.equal(answer, expected, JSON.stringify(args));
    }
  });
});

describe("updateRunRecord / updateClientMetrics", () => {
  it("counters are increments, applied once per idempotencyKey; the record comes back", async () => {
    const { adapter, service } = await started();
    const updates = { "Profiles Submitted for Post Harvesting": 20, "Apify API Costs": 0.25 };
    for (const key of ["a", "b", "a"]) {
      const record = await adapter.updateRunRecord({
        runId: BASE,
        clientId: GUY,
        updates,
        idempotencyKey: key,
      });
      isOldRecord(record, GUY_RUN);
    }
    const record = await adapter.updateClientMetrics(GUY_RUN, GUY, { "Apify API Costs": 0.5 });
    assert.equal(record.fields["Apify API Costs"], 1);
    assert.equal(record.fields["Profiles Submitted for Post Harvesting"], 40);
    assert.equal((await clientRun(service, BASE, GUY)).status, "running");
  });

  it("keeps an Apify Run ID (linked for the webhook) and unknown fields readable on the record", async () => {
    const { adapter, service } = await started();
    const record = await adapter.updateClientMetrics({
      runId: BASE,
      clientId: GUY,
      metrics: {
        "Apify Run ID": "OYkC0ZbuWPOvwkLid",
        "Apify Status": "RUNNING",
        Status: "Completed",
      },
    });
    assert.equal(record.fields["Apify Run ID"], "OYkC0ZbuWPOvwkLid");
    assert.equal(record.fields["Apify Status"], "RUNNING");
    assert.equal(record.fields.Status, "Running"); // a metric update never ends the run
    assert.equal(
      (await service.resolveExternalRun("apify", "OYkC0ZbuWPOvwkLid"))._unsafeUnwrap().clientRunId,
      GUY_RUN,
    );
  });

  it("throw the old errors: non-existent record, invalid parameters", async () => {
    const { adapter } = await started();
    await rejectsCode(
      adapter.updateRunRecord({
        runId: BASE,
        clientId: DEAN,
        updates: { "Total Posts Harvested": 1 },
      }),
      "not-found",
      `Cannot update non-existent run record for ${DEAN} (${BASE}-${DEAN}). Record must exist before updates.`,
    );
    await rejectsCode(
      adapter.updateRunRecord({ runId: BASE, clientId: GUY, updates: null }),
      "invalid-argument",
    );
    await rejectsCode(
      adapter.updateRunRecord({
        runId: BASE,
        clientId: GUY,
        updates: { "Total Posts Harvested": "many" },
      }),
      "invalid-argument",
    );
    await rejectsCode(
      adapter.updateClientMetrics({ runId: "251007-070457-Guy", clientId: "Wilson", metrics: {} }),
      "client-mismatch",
    );
    await rejectsCode(
      adapter.updateClientMetrics({
        runId: BASE,
        clientId: DEAN,
        metrics: { "Total Posts Harvested": 1 },
      }),
      "not-found",
    );
    assert.deepEqual(
      await adapter.updateRunRecord({
        runId: BASE,
        clientId: GUY,
        updates: {},
        options: { isStandalone: true },
      }),
      {
        skipped: true,
        reason: "standalone_run",
      },
    );
  });
});

describe("safeUpdateMetrics", () => {
  it("answers { success, skipped, … } and never throws for a missing record or a bad metric", async () => {
    const { adapter, service } = await started();
    const ok = await adapter.safeUpdateMetrics({
      runId: BASE,
      clientId: GUY,
      processType: "lead_scoring",
      metrics: { "Profiles Examined for Scoring": 40 },
      idempotencyKey: "lead-chunk-1",
    });
    assert.equal(ok.success, true);
    assert.equal(ok.skipped, false);
    assert.equal(ok.applied, true);
    isOldRecord(ok.updateResult, GUY_RUN);
    const repeat = await adapter.safeUpdateMetrics(BASE, GUY, "lead_scoring", {
      "Profiles Examined for Scoring": 40,
    });
    assert.equal(repeat.success, true);
    assert.equal((await clientRun(service, BASE, GUY)).metrics.profiles_examined, 80);
    assert.deepEqual(
      await adapter.safeUpdateMetrics({
        runId: BASE,
        clientId: DEAN,
        metrics: { "Total Posts Harvested": 1 },
      }),
      {
        success: false,
        skipped: true,
        reason: "record_not_found",
        message: `Run record not found for ${BASE}-${DEAN} (${DEAN}). Metrics update skipped.`,
      },
    );
    const otherRun = await adapter.safeUpdateMetrics({
      runId: "251007-090000",
      clientId: GUY,
      metrics: { "Total Posts Harvested": 1 },
    });
    assert.equal(otherRun.reason, "record_not_found"); // the old same-day FIND said it existed
    const bad = await adapter.safeUpdateMetrics({
      runId: BASE,
      clientId: GUY,
      metrics: { "Total Posts Harvested": Number.NaN },
    });
    assert.deepEqual([bad.success, bad.skipped, bad.reason], [false, true, "update_error"]);
    assert.deepEqual(
      await adapter.safeUpdateMetrics({
        runId: BASE,
        clientId: GUY,
        metrics: {},
        options: { isStandalone: true },
      }),
      {
        success: true,
        skipped: true,
        reason: "standalone_run",
        message: "Metrics update skipped for standalone run",
      },
    );
    await rejectsCode(adapter.safeUpdateMetrics({ runId: BASE }), "missing-client-id");
    await rejectsCode(
      adapter.safeUpdateMetrics({ runId: BASE, clientId: GUY, metrics: 5 }),
      "invalid-argument",
    );
  });
});

describe("completeRunRecord / completeClientProcessing", () => {
  it("completeRunRecord writes the status (boolean or text) and notes, and ends the run", async () => {
    const { adapter, service } = await started();
    await adapter.createRunRecord({ runId: BASE, clientId: DEAN });
    const record = await adapter.completeRunRecord({
      runId: GUY_RUN,
      clientId: GUY,
      status: true,
      "System Notes": "done",
    });
    isOldRecord(record, GUY_RUN);
    assert.equal(record.fields.Status, "Completed");
    assert.equal(typeof record.fields["End Time"], "string");
    assert.match(record.fields["System Notes"], /done/);
    await adapter.completeRunRecord({ runId: BASE, clientId: DEAN, Status: "No Leads To Score" });
    assert.equal((await clientRun(service, BASE, DEAN)).status, "no_work");
    await rejectsCode(
      adapter.completeRunRecord({ runId: BASE, clientId: "Ann", status: false }),
      "not-found",
      `Cannot complete non-existent run record for Ann (${BASE}-Ann). Record must exist before completion.`,
    );
  });

  it("completeClientProcessing adds final metrics once per key and ends the run", async () => {
    const { adapter, service } = await started();
    const args = {
      runId: BASE,
      clientId: GUY,
      finalMetrics: { "Total Posts Harvested": 12, "Apify API Costs": 0.75 },
      idempotencyKey: "apify:OYkC0ZbuWPOvwkLid",
    };
    await adapter.updateClientMetrics({ ...args, metrics: args.finalMetrics });
    const record = await adapter.completeClientProcessing(args);
    await adapter.completeClientProcessing(args); // the webhook, retried
    assert.equal(record.fields.Status, "Completed");
    assert.deepEqual((await clientRun(service, BASE, GUY)).metrics, {
      posts_harvested: 12,
      apify_cost: 0.75,
    });
    await rejectsCode(
      adapter.completeClientProcessing({ clientId: GUY }),
      "missing-run-id",
      "Missing required runId parameter for completing client processing",
    );
    await rejectsCode(
      adapter.completeClientProcessing({ runId: BASE, clientId: DEAN }),
      "not-found",
    );
  });

  it("completeClientProcessing with errors ends Completed with Errors", async () => {
    const { adapter, service } = await started();
    await adapter.completeClientProcessing(BASE, GUY, { errors: 2 });
    assert.equal((await clientRun(service, BASE, GUY)).status, "completed_with_errors");
  });
});

describe("completeJobRecord / updateJobAggregates", () => {
  it("completeJobRecord ends the job Completed or Failed; a missing job throws", async () => {
    const { adapter } = await started();
    const record = await adapter.completeJobRecord({
      runId: GUY_RUN,
      success: false,
      notes: "aborted",
    });
    isOldRecord(record, BASE);
    assert.equal(record.fields.Status, "Failed");
    assert.match(record.fields["System Notes"], /aborted/);
    await rejectsCode(
      adapter.completeJobRecord("251007-090000"),
      "not-found",
      "[RunRecordAdapterSimple] CRITICAL: Cannot complete non-existent job record for 251007-090000",
    );
  });

  it("updateJobAggregates writes nothing and returns the derived totals", async () => {
    const { adapter } = await started();
    await adapter.createRunRecord({ runId: BASE, clientId: DEAN });
    await adapter.updateClientMetrics({
      runId: BASE,
      clientId: GUY,
      metrics: { "Total Posts Harvested": 3 },
    });
    await adapter.updateClientMetrics({
      runId: BASE,
      clientId: DEAN,
      metrics: { "Total Posts Harvested": 4 },
    });
    const answer = await adapter.updateJobAggregates(GUY_RUN);
    assert.equal(answer.success, true);
    assert.equal(answer.runId, BASE);
    assert.deepEqual(answer.totals, { "Total Posts Harvested": 7 });
    await rejectsCode(adapter.updateJobAggregates({ runId: "251007-090000" }), "not-found");
  });
});
