// JobTracking through require('run-records/compat'), function by function: old arguments in, old
// shape out, and the fixed behaviour (MIGRATION.md, "Run records: JobTracking") asserted.
const { describe, it } = require("@vitest/runner");
const {
  assert,
  BASE,
  GUY,
  DEAN,
  GUY_RUN,
  T0,
  makeCompat,
  rejectsCode,
  clientRun,
} = require("./records-fixture.cjs");

const iso = (ms) => new Date(ms).toISOString();

/** A job with Guy Wilson's client run started, on a fresh service. */
async function started() {
  const ctx = makeCompat();
  await ctx.jobTracking.createJob({ runId: BASE, jobType: "scoring" });
  await ctx.jobTracking.createClientRun({ runId: BASE, clientId: GUY });
  return ctx;
}

describe("createJobTracking({ service })", () => {
  it("has exactly the old method names, callable unbound, and refuses a service without them", async () => {
    const { jobTracking, service } = makeCompat();
    const names = [
      "createJob",
      "updateJob",
      "createClientRun",
      "updateClientRun",
      "completeJob",
      "completeClientRun",
      "getJobById",
      "getLatestRun",
      "updateClientMetrics",
      "checkClientRunExists",
      "updateAggregateMetrics",
      "completeClientProcessing",
      "standardizeRunId",
      "appendToProgressLog",
    ];
    for (const name of names) assert.equal(typeof jobTracking[name], "function", name);
    assert.equal(jobTracking.JobTracking, jobTracking);
    const { createJob } = jobTracking;
    assert.equal((await createJob({ runId: BASE })).runId, BASE);
    const { compat } = require("./records-fixture.cjs");
    for (const bad of [undefined, {}, { service: {} }, { service: { ...service, setTags: 1 } }]) {
      assert.throws(
        () => compat.createJobTracking(bad),
        (e) => e.code === "invalid-argument",
      );
    }
  });
});

describe("createJob", () => {
  it("returns { id, runId, startTime } and, for a repeat, { id, runId, alreadyExists: true }", async () => {
    const { jobTracking } = makeCompat();
    assert.deepEqual(await jobTracking.createJob({ runId: BASE, jobType: "scoring" }), {
      id: BASE,
      runId: BASE,
      startTime: iso(T0),
    });
    // A client run ID names its job; a different payload is still "the job exists".
    assert.deepEqual(await jobTracking.createJob({ runId: GUY_RUN, initialData: { Stream: 3 } }), {
      id: BASE,
      runId: BASE,
      startTime: iso(T0),
      alreadyExists: true,
    });
  });

  it("creates one job however many callers race", async () => {
    const { jobTracking } = makeCompat();
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => jobTracking.createJob({ runId: BASE })),
    );
    assert.equal(answers.filter((a) => a.alreadyExists !== true).length, 1);
    assert.ok(answers.every((a) => a.id === BASE));
  });

  it("keeps initialData fields with no service field as tags, readable by getJobById", async () => {
    const { jobTracking } = makeCompat();
    await jobTracking.createJob({
      runId: BASE,
      initialData: { Stream: 2, "System Notes": "kick-off", Source: "cron" },
    });
    const job = await jobTracking.getJobById(BASE);
    assert.equal(job.fields.Stream, 2);
    assert.equal(job.fields["System Notes"], "kick-off");
    assert.equal(job.get("Source"), "cron");
  });

  it("throws the old errors as CompatErrors", async () => {
    const { jobTracking } = makeCompat();
    await rejectsCode(
      jobTracking.createJob({}),
      "missing-run-id",
      "[JobTracking.createJob] Run ID is required to create job tracking record",
    );
    await rejectsCode(jobTracking.createJob({ runId: "UNKNOWN" }), "placeholder");
    await rejectsCode(jobTracking.createJob({ runId: "251399-256199" }), "invalid-date");
    await rejectsCode(jobTracking.createJob(undefined), "invalid-argument");
    await rejectsCode(jobTracking.createJob({ runId: BASE, initialData: 7 }), "invalid-argument");
  });
});

describe("updateJob", () => {
  it("keeps fields the service has no field for as tags and reads them back", async () => {
    const { jobTracking } = await started();
    const answer = await jobTracking.updateJob({
      runId: GUY_RUN, // the client run ID finds its job
      updates: { "Last Analyzed Log ID": "2025-10-07T07:00:00.123Z", "Last Client": GUY },
    });
    assert.deepEqual(answer, {
      id: BASE,
      runId: BASE,
      "Last Analyzed Log ID": "2025-10-07T07:00:00.123Z",
      "Last Client": GUY,
    });
    const job = await jobTracking.getJobById(BASE);
    assert.equal(job.fields["Last Analyzed Log ID"], "2025-10-07T07:00:00.123Z");
    assert.equal(
      (await jobTracking.getLatestRun()).get("Last Analyzed Log ID"),
      "2025-10-07T07:00:00.123Z",
    );
  });

  it("a final Status ends the job (with an End Time); lower-case old keys work", async () => {
    const { jobTracking } = await started();
    await jobTracking.updateJob({ runId: BASE, updates: { status: "Failed", error: "boom" } });
    const job = await jobTracking.getJobById(BASE);
    assert.equal(job.fields.Status, "Failed");
    assert.ok(typeof job.fields["End Time"] === "string");
    assert.match(job.fields["System Notes"], /boom/);
  });

  it("throws not-found with the old message, and the old argument errors", async () => {
    const { jobTracking } = makeCompat();
    await rejectsCode(
      jobTracking.updateJob({ runId: BASE, updates: { Note: "x" } }),
      "not-found",
      `Job tracking record not found for base run ID: ${BASE}`,
    );
    await rejectsCode(jobTracking.updateJob({ runId: BASE, updates: {} }), "not-found");
    await rejectsCode(
      jobTracking.updateJob({ updates: {} }),
      "missing-run-id",
      "Run ID is required to update job tracking record",
    );
    await rejectsCode(
      jobTracking.updateJob({ runId: BASE, updates: { Status: "Paused" } }),
      "invalid-argument",
    );
  });
});

describe("createClientRun", () => {
  it("returns the record's { id, runId, baseRunId, clientId, startTime } and never throws after creating", async () => {
    const { jobTracking } = makeCompat();
    await jobTracking.createJob({ runId: BASE });
    const made = await jobTracking.createClientRun({ runId: BASE, clientId: GUY });
    assert.deepEqual(Object.keys(made).sort(), [
      "baseRunId",
      "clientId",
      "id",
      "runId",
      "startTime",
    ]);
    assert.equal(made.id, GUY_RUN);
    assert.equal(made.runId, GUY_RUN);
    assert.equal(made.baseRunId, BASE);
    assert.equal(made.clientId, GUY);
  });

  it("answers alreadyExists with the same record however many callers race, base or client run ID", async () => {
    const { jobTracking, service } = makeCompat();
    await jobTracking.createJob({ runId: BASE });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        jobTracking.createClientRun({ runId: i % 2 ? BASE : GUY_RUN, clientId: GUY }),
      ),
    );
    assert.equal(answers.filter((a) => a.alreadyExists !== true).length, 1);
    assert.ok(answers.every((a) => a.id === GUY_RUN && a.startTime === answers[0].startTime));
    assert.equal((await service.listClientRuns(BASE))._unsafeUnwrap().length, 1);
  });

  it("links an initial Apify Run ID so the provider's webhook finds the run", async () => {
    const { jobTracking, service } = makeCompat();
    await jobTracking.createJob({ runId: BASE });
    await jobTracking.createClientRun({
      runId: BASE,
      clientId: GUY,
      initialData: { "Apify Run ID": "8MSTBAfqMzuXPvgB3", "Client Name": "Guy Wilson" },
    });
    const found = (await service.resolveExternalRun("apify", "8MSTBAfqMzuXPvgB3"))._unsafeUnwrap();
    assert.equal(found.clientRunId, GUY_RUN);
    assert.equal((await clientRun(service, BASE, GUY)).clientName, "Guy Wilson");
  });

  it("throws for missing or mismatched IDs and a missing job", async () => {
    const { jobTracking } = makeCompat();
    const message = "Run ID and Client ID are required to create client run record";
    await rejectsCode(jobTracking.createClientRun({ runId: BASE }), "missing-client-id", message);
    await rejectsCode(jobTracking.createClientRun({ clientId: GUY }), "missing-run-id", message);
    await rejectsCode(
      jobTracking.createClientRun({ runId: GUY_RUN, clientId: DEAN }),
      "client-mismatch",
    );
    await rejectsCode(
      jobTracking.createClientRun({ runId: GUY_RUN, clientId: "Wilson" }),
      "client-mismatch",
    );
    await rejectsCode(jobTracking.createClientRun({ runId: BASE, clientId: GUY }), "not-found");
  });
});

describe("updateClientRun / completeClientRun", () => {
  it("updateClientRun sets fields (metrics as absolute values) and answers { success: true, … }", async () => {
    const { jobTracking, service } = await started();
    const updates = { "Profiles Examined for Scoring": 40, Checkpoint: "lead-40" };
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(await jobTracking.updateClientRun({ runId: BASE, clientId: GUY, updates }), {
        success: true,
        id: GUY_RUN,
        runId: GUY_RUN,
        baseRunId: BASE,
        clientId: GUY,
        ...updates,
      });
    }
    const run = await clientRun(service, BASE, GUY);
    assert.equal(run.metrics.profiles_examined, 40);
    assert.equal(run.tags.Checkpoint, "lead-40");
  });

  it("answers a missing record and an invalid run ID with { success: false } as before", async () => {
    const { jobTracking } = await started();
    assert.deepEqual(
      await jobTracking.updateClientRun({ runId: BASE, clientId: DEAN, updates: {} }),
      {
        success: false,
        error: "record_not_found",
        runId: `${BASE}-${DEAN}`,
        clientId: DEAN,
        message: `Run record not found for ${BASE}-${DEAN}`,
      },
    );
    const bad = await jobTracking.updateClientRun({ runId: "UNKNOWN", clientId: GUY, updates: {} });
    assert.equal(bad.success, false);
    assert.equal(bad.code, "placeholder");
    await rejectsCode(
      jobTracking.updateClientRun(null),
      "invalid-argument",
      "updateClientRun: Missing parameters object",
    );
  });

  it("completeClientRun writes the status and ends the run (the old one wrote neither)", async () => {
    const { jobTracking, service } = await started();
    const answer = await jobTracking.completeClientRun({
      runId: GUY_RUN,
      clientId: GUY,
      status: "Completed with Errors",
      updates: { "System Notes": "2 leads failed" },
    });
    assert.equal(answer.success, true);
    assert.equal(answer.status, "Completed with Errors");
    const run = await clientRun(service, BASE, GUY);
    assert.equal(run.status, "completed_with_errors");
    assert.ok(run.endedAt !== undefined);
    assert.deepEqual(run.notes, ["2 leads failed"]);
    const again = await jobTracking.completeClientRun({
      runId: BASE,
      clientId: GUY,
      status: "Completed with Errors",
    });
    assert.equal(again.success, true);
    await rejectsCode(
      jobTracking.completeClientRun({ runId: BASE, clientId: GUY, status: "Running" }),
      "invalid-argument",
    );
  });
});

describe("completeJob", () => {
  it("ends the job with the status (default Completed) and returns { id, runId, ...updates, status, End Time }", async () => {
    const { jobTracking } = await started();
    const answer = await jobTracking.completeJob({ runId: BASE, updates: { Summary: "1 client" } });
    assert.equal(answer.id, BASE);
    assert.equal(answer.runId, BASE);
    assert.equal(answer.status, "Completed");
    assert.equal(answer.Summary, "1 client");
    assert.equal(typeof answer["End Time"], "string");
    const job = await jobTracking.getJobById(BASE);
    assert.equal(job.fields.Status, "Completed");
    assert.equal(job.fields["End Time"], answer["End Time"]);
    assert.equal(job.fields.Summary, "1 client");
    // The same end again is a no-op; another end of an ended job is refused, never overwritten.
    await jobTracking.completeJob({ runId: BASE });
    await rejectsCode(jobTracking.completeJob({ runId: BASE, status: "Failed" }), "run-terminal");
    await rejectsCode(jobTracking.completeJob({ runId: "251007-070458" }), "not-found");
  });
});

describe("getJobById / getLatestRun", () => {
  it("return an old record ({ id, fields, get }) with totals derived from the client runs, or null", async () => {
    const { jobTracking } = await started();
    await jobTracking.createClientRun({ runId: BASE, clientId: DEAN });
    await jobTracking.updateClientMetrics({
      runId: BASE,
      clientId: GUY,
      metrics: { "Profiles Successfully Scored": 40 },
    });
    await jobTracking.updateClientMetrics({
      runId: BASE,
      clientId: DEAN,
      metrics: { "Profiles Successfully Scored": 2 },
    });
    for (const id of [BASE, GUY_RUN, { runId: BASE }, ` ${BASE}.0`]) {
      const job = await jobTracking.getJobById(id);
      assert.equal(job.id, BASE);
      assert.equal(job.fields["Run ID"], BASE);
      assert.equal(job.fields.Status, "Running");
      assert.equal(job.fields["Profiles Successfully Scored"], 42);
      assert.equal(job.get("Start Time"), iso(T0));
    }
    for (const id of ["251007-070458", "UNKNOWN", null, 42, {}]) {
      assert.equal(await jobTracking.getJobById(id), null);
    }
  });

  it("getLatestRun is the newest job by start time (listJobs), or null", async () => {
    const ctx = makeCompat();
    assert.equal(await ctx.jobTracking.getLatestRun(), null);
    await ctx.jobTracking.createJob({ runId: "251007-090000" });
    ctx.clock.set(T0 + 60_000);
    await ctx.jobTracking.createJob({ runId: "251006-090000" }); // an older ID started later
    assert.equal((await ctx.jobTracking.getLatestRun()).id, "251006-090000");
  });
});

describe("updateClientMetrics", () => {
  it("adds increments (120 from three 40-lead chunks), once per idempotencyKey", async () => {
    const { jobTracking, service } = await started();
    const chunk = { "Profiles Examined for Scoring": 40, "Profiles Successfully Scored": 39 };
    for (const key of ["chunk-1", "chunk-2", "chunk-3", "chunk-2"]) {
      const answer = await jobTracking.updateClientMetrics({
        runId: GUY_RUN,
        clientId: GUY,
        metrics: chunk,
        idempotencyKey: key,
      });
      assert.equal(answer.success, true);
      assert.equal(answer.applied, key !== "chunk-2" || answer.applied);
    }
    const run = await clientRun(service, BASE, GUY);
    assert.equal(run.metrics.profiles_examined, 120);
    assert.equal(run.metrics.profiles_scored, 117);
    assert.equal(run.status, "running"); // Status in metrics is ignored, as before
  });

  it("loses nothing when three operations update one client run at once", async () => {
    const { jobTracking, service } = await started();
    const ops = [
      { "Profiles Examined for Scoring": 1 },
      { "Total Posts Harvested": 2 },
      { "Posts Successfully Scored": 3 },
    ];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        jobTracking.updateClientMetrics({ runId: BASE, clientId: GUY, metrics: ops[i % 3] }),
      ),
    );
    const run = await clientRun(service, BASE, GUY);
    assert.deepEqual(run.metrics, { profiles_examined: 10, posts_harvested: 20, posts_scored: 30 });
  });

  it("answers a missing record with the old { success: false, error: 'record_not_found', … }", async () => {
    const { jobTracking } = await started();
    const answer = await jobTracking.updateClientMetrics({
      runId: BASE,
      clientId: DEAN,
      metrics: { "Total Posts Harvested": 1 },
      options: { source: "apify_webhook" },
    });
    assert.deepEqual(answer, {
      success: false,
      error: "record_not_found",
      message: `No run record found for ${DEAN} with run ID ${BASE}`,
      source: "apify_webhook",
      runId: BASE,
      clientId: DEAN,
    });
    await rejectsCode(
      jobTracking.updateClientMetrics({ runId: BASE }),
      "missing-client-id",
      "Run ID and Client ID are required to update client metrics",
    );
    await rejectsCode(
      jobTracking.updateClientMetrics({
        runId: BASE,
        clientId: GUY,
        metrics: { "Total Posts Harvested": "12" },
      }),
      "invalid-argument",
    );
    await rejectsCode(
      jobTracking.updateClientMetrics({
        runId: BASE,
        clientId: GUY,
        metrics: {},
        idempotencyKey: 5,
      }),
      "invalid-argument",
    );
  });
});

describe("checkClientRunExists", () => {
  it("is true for exactly this run and client, false otherwise, never a throw", async () => {
    const { jobTracking } = await started();
    assert.equal(await jobTracking.checkClientRunExists({ runId: BASE, clientId: GUY }), true);
    assert.equal(await jobTracking.checkClientRunExists({ runId: GUY_RUN, clientId: GUY }), true);
    assert.equal(
      await jobTracking.checkClientRunExists({ runId: "251007-090000", clientId: GUY }),
      false,
    );
    assert.equal(await jobTracking.checkClientRunExists({ runId: BASE, clientId: DEAN }), false);
    for (const bad of [
      undefined,
      {},
      { runId: "UNKNOWN", clientId: GUY },
      { runId: GUY_RUN, clientId: "Wilson" },
    ]) {
      assert.equal(await jobTracking.checkClientRunExists(bad), false);
    }
  });
});

describe("updateAggregateMetrics", () => {
  it("writes no totals (they are derived) and returns them; other fields become tags", async () => {
    const { jobTracking } = await started();
    await jobTracking.updateClientMetrics({
      runId: BASE,
      clientId: GUY,
      metrics: { "Total Posts Harvested": 7 },
    });
    const answer = await jobTracking.updateAggregateMetrics({
      runId: GUY_RUN,
      metrics: { "Total Posts Harvested": 7, Phase: "harvest" },
    });
    assert.deepEqual(answer, {
      id: BASE,
      runId: BASE,
      updated: ["Phase"],
      totals: { "Total Posts Harvested": 7 },
    });
    // Calling it again adds nothing: no read-modify-write on stored totals.
    await jobTracking.updateAggregateMetrics({
      runId: BASE,
      metrics: { "Total Posts Harvested": 7 },
    });
    assert.equal((await jobTracking.getJobById(BASE)).fields["Total Posts Harvested"], 7);
    // The old one died with a TypeError on a missing job.
    await rejectsCode(jobTracking.updateAggregateMetrics({ runId: "251007-070458" }), "not-found");
    await rejectsCode(jobTracking.updateAggregateMetrics({}), "missing-run-id");
  });
});

describe("completeClientProcessing", () => {
  it("only adds metrics unless standalone or forced, as before", async () => {
    const { jobTracking, service } = await started();
    const answer = await jobTracking.completeClientProcessing({
      runId: GUY_RUN,
      clientId: GUY,
      finalMetrics: { "Posts Examined for Scoring": 5, "Posts Successfully Scored": 4 },
      options: { isStandalone: false },
    });
    assert.equal(answer.success, true);
    assert.equal((await clientRun(service, BASE, GUY)).status, "running");
  });

  it("standalone: increments once per key, then writes the status and ends the run", async () => {
    const { jobTracking, service } = await started();
    const args = {
      runId: BASE,
      clientId: GUY,
      finalMetrics: { "Posts Examined for Scoring": 5, "Posts Successfully Scored": 4 },
      options: { isStandalone: true },
      idempotencyKey: "post-scoring-final",
    };
    // The metrics were already sent under the same key: completing does not count them again.
    await jobTracking.updateClientMetrics({ ...args, metrics: args.finalMetrics });
    for (let i = 0; i < 3; i++) {
      const answer = await jobTracking.completeClientProcessing(args);
      assert.equal(answer.status, "Completed");
    }
    const run = await clientRun(service, BASE, GUY);
    assert.deepEqual(run.metrics, { posts_examined: 5, posts_scored: 4 });
    assert.equal(run.status, "completed");
  });

  it("standalone with nothing examined ends No Leads To Score; an explicit Status wins", async () => {
    const { jobTracking, service } = await started();
    await jobTracking.createClientRun({ runId: BASE, clientId: DEAN });
    await jobTracking.completeClientProcessing({
      runId: BASE,
      clientId: GUY,
      options: { force: true },
    });
    assert.equal((await clientRun(service, BASE, GUY)).status, "no_work");
    await jobTracking.completeClientProcessing({
      runId: BASE,
      clientId: DEAN,
      finalMetrics: { Status: "Failed" },
      options: { isStandalone: true },
    });
    assert.equal((await clientRun(service, BASE, DEAN)).status, "failed");
    const missing = await jobTracking.completeClientProcessing({
      runId: "251007-090000",
      clientId: GUY,
    });
    assert.equal(missing.error, "record_not_found");
    await rejectsCode(
      jobTracking.completeClientProcessing("x"),
      "invalid-argument",
      "completeClientProcessing: Missing parameters object",
    );
  });
});

describe("standardizeRunId", () => {
  it("gives the base run ID of any spelling, legacy shapes unchanged, null for the rest", () => {
    const { jobTracking } = makeCompat();
    const rows = [
      [BASE, BASE],
      [GUY_RUN, BASE],
      [` ${BASE}:${GUY}\n`, BASE],
      [`${GUY_RUN}-${GUY}`, BASE],
      [`${BASE}.0`, BASE],
      [{ runId: GUY_RUN }, BASE],
      [{ id: BASE }, BASE],
      ["8MSTBAfqMzuXPvgB3", "8MSTBAfqMzuXPvgB3"],
      ["UNKNOWN", null],
      ["251399-256199", null],
      [null, null],
      [{}, null],
      [251007070457, null],
    ];
    for (const [input, expected] of rows)
      assert.equal(jobTracking.standardizeRunId(input), expected, String(input));
  });
});

describe("appendToProgressLog", () => {
  it("keeps every line under concurrency and answers true; false (never a throw) otherwise", async () => {
    const { jobTracking, service } = await started();
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        jobTracking.appendToProgressLog(i % 2 ? BASE : GUY_RUN, GUY, `line ${i}`),
      ),
    );
    assert.ok(answers.every((a) => a === true));
    const lines = (await clientRun(service, BASE, GUY)).progress.map((l) => l.message).sort();
    assert.deepEqual(lines, Array.from({ length: 60 }, (_, i) => `line ${i}`).sort());
    assert.equal(await jobTracking.appendToProgressLog(BASE, DEAN, "x"), false);
    // The old endsWith check put Wilson's line into Guy Wilson's log.
    assert.equal(await jobTracking.appendToProgressLog(GUY_RUN, "Wilson", "x"), false);
    assert.equal((await clientRun(service, BASE, GUY)).progress.length, 60);
    assert.equal(await jobTracking.appendToProgressLog("UNKNOWN", GUY, "x"), false);
    assert.equal(await jobTracking.appendToProgressLog(BASE, GUY, undefined), false);
  });
});

describe("field names through the Airtable store's mapping", () => {
  it("honours the store's mapping overrides, keeps other values as single-line text tags", async () => {
    const { service, compat } = {
      ...makeCompat(),
      compat: require("./records-fixture.cjs").compat,
    };
    const jobTracking = compat.createJobTracking({
      service,
      mapping: { metrics: { leads_scored: "Leads Scored" }, fields: { systemNotes: "Notes" } },
    });
    await jobTracking.createJob({ runId: BASE });
    await jobTracking.createClientRun({ runId: BASE, clientId: GUY });
    await jobTracking.updateClientMetrics({
      runId: BASE,
      clientId: GUY,
      metrics: { "Leads Scored": 3 },
    });
    await jobTracking.updateClientMetrics({
      runId: BASE,
      clientId: GUY,
      metrics: { leads_scored: 2 },
    });
    // "Profiles Successfully Scored" is not in this mapping: not a metric, so it is kept as a tag.
    await jobTracking.updateClientRun({
      runId: BASE,
      clientId: GUY,
      updates: { "Profiles Successfully Scored": 40, Notes: "line 1\nline 2", Flag: true },
    });
    const run = await clientRun(service, BASE, GUY);
    assert.deepEqual(run.metrics, { leads_scored: 5 });
    assert.deepEqual(run.tags, {
      "Profiles Successfully Scored": "40",
      Notes: "line 1 | line 2",
      Flag: "true",
    });
    const job = await jobTracking.getJobById(BASE);
    assert.equal(job.fields["Leads Scored"], 5);
  });

  it("ignores the fields the service owns and cuts a tag at 2,048 characters", async () => {
    const { jobTracking, service } = await started();
    await jobTracking.updateClientRun({
      runId: BASE,
      clientId: GUY,
      updates: {
        "Run ID": "x",
        "End Time": "2020-01-01T00:00:00.000Z",
        Duration: 5,
        "Long Text": "a".repeat(3000),
      },
    });
    const run = await clientRun(service, BASE, GUY);
    assert.equal(run.runId, GUY_RUN);
    assert.equal(run.endedAt, undefined);
    assert.deepEqual(Object.keys(run.tags), ["Long Text"]);
    assert.equal(run.tags["Long Text"].length, 2048);
  });
});
