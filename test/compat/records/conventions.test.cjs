// The error conventions of the record facades, through the built package: whatever the arguments,
// a throwing function rejects only with a CompatError (never a TypeError or ReferenceError), and the
// functions that answered null / false / { success: false } never reject; a failing store keeps
// the same conventions.
const { describe, it } = require("@vitest/runner");
const fc = require("fast-check");
const { createFaultyStore } = require("run-records/testing");
const { assert, core, compat, BASE, GUY, makeCompat } = require("./records-fixture.cjs");

const THROWING = {
  jobTracking: [
    "createJob",
    "updateJob",
    "createClientRun",
    "updateClientRun",
    "completeJob",
    "completeClientRun",
    "updateClientMetrics",
    "updateAggregateMetrics",
    "completeClientProcessing",
  ],
  adapter: [
    "updateRunRecord",
    "completeRunRecord",
    "updateClientMetrics",
    "safeUpdateMetrics",
    "createRunRecord",
    "createJobRecord",
    "completeJobRecord",
    "updateJobAggregates",
    "completeClientProcessing",
  ],
};
const ANSWERING = {
  jobTracking: ["getJobById", "getLatestRun", "checkClientRunExists", "appendToProgressLog"],
  adapter: ["checkRunRecordExists"],
};

// Arguments as an old call site might pass them: anything, or an object with the old property
// names holding anything.
const oldArgument = fc.oneof(
  fc.anything(),
  fc.record(
    {
      runId: fc.oneof(fc.anything(), fc.constantFrom(BASE, `${BASE}-${GUY}`, "UNKNOWN")),
      clientId: fc.oneof(fc.anything(), fc.constant(GUY)),
      updates: fc.anything(),
      metrics: fc.anything(),
      finalMetrics: fc.anything(),
      initialData: fc.anything(),
      status: fc.anything(),
      idempotencyKey: fc.anything(),
      options: fc.anything(),
    },
    { requiredKeys: [] },
  ),
);

describe("record facades: error conventions for any arguments", () => {
  it("throwing functions reject only with CompatErrors; answering ones never reject", async () => {
    const ctx = makeCompat();
    await ctx.jobTracking.createJob({ runId: BASE });
    await ctx.jobTracking.createClientRun({ runId: BASE, clientId: GUY });
    await fc.assert(
      fc.asyncProperty(fc.array(oldArgument, { maxLength: 4 }), async (args) => {
        for (const [facade, names] of Object.entries(THROWING)) {
          for (const name of names) {
            let promise;
            assert.doesNotThrow(() => {
              promise = ctx[facade][name](...args);
            }, `${facade}.${name} threw synchronously`);
            try {
              await promise;
            } catch (error) {
              assert.ok(compat.isCompatError(error), `${facade}.${name} rejected with ${error}`);
              assert.equal(typeof error.code, "string");
            }
          }
        }
        for (const [facade, names] of Object.entries(ANSWERING)) {
          for (const name of names) {
            const answer = await ctx[facade][name](...args);
            assert.ok(
              answer === null || typeof answer === "boolean" || typeof answer.id === "string",
              name,
            );
          }
        }
        const standard = ctx.jobTracking.standardizeRunId(args[0]);
        assert.ok(standard === null || typeof standard === "string");
      }),
      { numRuns: 60 },
    );
  });
});

describe("record facades over a failing store", () => {
  it("keep each function's convention: store-unavailable thrown, or null / false / { success: false }", async () => {
    let t = Date.UTC(2025, 9, 7, 7, 4, 57);
    const healthy = core.createMemoryStore();
    const seeded = core.createRunRecordService({ store: healthy, now: () => t++ });
    await seeded.startJob({ runId: BASE });
    await seeded.startClientRun({ runId: BASE, clientId: GUY });
    const service = core.createRunRecordService({
      store: createFaultyStore(healthy, { failRate: 1, seed: 1 }),
      now: () => t++,
      sleep: async () => {},
    });
    const jobTracking = compat.createJobTracking({ service });
    const adapter = compat.createRunRecordAdapter({ service });
    const args = { runId: BASE, clientId: GUY, metrics: { "Total Posts Harvested": 1 } };
    for (const call of [
      () => jobTracking.createJob({ runId: BASE }),
      () => jobTracking.updateJob({ runId: BASE, updates: { Note: "x" } }),
      () => jobTracking.createClientRun(args),
      () => jobTracking.updateClientMetrics(args),
      () => jobTracking.completeJob({ runId: BASE }),
      () => adapter.updateRunRecord({ ...args, updates: args.metrics }),
      () => adapter.updateJobAggregates(BASE),
    ]) {
      let error;
      try {
        await call();
      } catch (caught) {
        error = caught;
      }
      assert.ok(compat.isCompatError(error), String(error));
      assert.equal(error.code, "store-unavailable");
      assert.equal(error.serviceError.type, "store-unavailable");
    }
    assert.equal(await jobTracking.getJobById(BASE), null);
    assert.equal(await jobTracking.getLatestRun(), null);
    assert.equal(await jobTracking.checkClientRunExists(args), false);
    assert.equal(await jobTracking.appendToProgressLog(BASE, GUY, "x"), false);
    assert.equal(await adapter.checkRunRecordExists(args), false);
    const safe = await adapter.safeUpdateMetrics(args);
    assert.deepEqual([safe.success, safe.skipped, safe.reason], [false, true, "update_error"]);
    const job = await adapter.createJobRecord({ runId: BASE });
    assert.deepEqual([job.success, job.reason], [false, "exception"]);
  });
});
