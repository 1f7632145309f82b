// The older services called cacheRecordId(runId, recordId) and getCachedRecordId(runId): the
// client came from the client run ID. Compat supports that form, and throws a CompatError with a
// stable code when the run ID names no client — never a silent no-op.
const { beforeEach, describe, it } = require("@vitest/runner");
const assert = require("node:assert/strict");
const { runIdSystem, throwsCode, NULL_MESSAGE } = require("./compat-shapes.cjs");

const { registerRunRecord, getRunRecordId, cacheRecordId, getCachedRecordId, clearCache } =
  runIdSystem;

beforeEach(() => {
  clearCache();
});

describe("registerRunRecord / cacheRecordId with two arguments (runId, recordId)", () => {
  for (const [name, register] of [
    ["registerRunRecord", registerRunRecord],
    ["cacheRecordId", cacheRecordId],
  ]) {
    it(`${name}: registers under the client the run ID carries`, () => {
      assert.equal(register("251007-070457-Guy-Wilson", "recA"), "251007-070457-Guy-Wilson");
      assert.equal(getRunRecordId("251007-070457", "Guy-Wilson"), "recA");
      assert.equal(getRunRecordId("251007-070457-Guy-Wilson", "Guy-Wilson"), "recA");
      // Repaired spellings reach the same entry; another client does not.
      assert.equal(register(" 251007-070457:Dean-Hobin.0", "recB"), "251007-070457-Dean-Hobin");
      assert.equal(getRunRecordId("251007-070457", "Dean-Hobin"), "recB");
      assert.equal(getRunRecordId("251007-070457", "Hobin"), null);
    });

    it(`${name}: a run ID naming no client throws with a stable code`, () => {
      throwsCode(() => register("251007-070457", "recA"), "missing-client-id");
      throwsCode(() => register(null, "recA"), "missing-run-id", NULL_MESSAGE);
      throwsCode(() => register("UNKNOWN", "recA"), "placeholder");
      throwsCode(() => register("8MSTBAfqMzuXPvgB3-CGuy-Wilson", "recA"), "legacy-format");
      throwsCode(() => register("not a run id", "recA"), "malformed");
      assert.equal(clearCache(), 0, "nothing was registered");
    });
  }

  it("an empty record ID registers nothing and says so, as in the three-argument form", () => {
    assert.equal(registerRunRecord("251007-070457-Guy-Wilson", ""), null);
    assert.equal(getRunRecordId("251007-070457", "Guy-Wilson"), null);
  });

  it("the three-argument form is unchanged (a third argument of undefined is not the older form)", () => {
    assert.equal(registerRunRecord("251007-070457", "Guy-Wilson", undefined), null);
    assert.equal(
      registerRunRecord("251007-070457", "Guy-Wilson", "recC", { meta: 1 }),
      "251007-070457-Guy-Wilson",
    );
    assert.equal(getRunRecordId("251007-070457-Guy-Wilson", "Guy-Wilson"), "recC");
  });
});

describe("getRunRecordId / getCachedRecordId with one argument (clientRunId)", () => {
  it("looks up the client the run ID carries", () => {
    registerRunRecord("251007-070457", "Guy-Wilson", "recA");
    assert.equal(getRunRecordId("251007-070457-Guy-Wilson"), "recA");
    assert.equal(getCachedRecordId(" 251007-070457:Guy-Wilson "), "recA");
    assert.equal(getCachedRecordId("251007-070457-Dean-Hobin"), null);
  });

  it("a run ID naming no client throws instead of missing silently", () => {
    throwsCode(() => getRunRecordId("251007-070457"), "missing-client-id");
    throwsCode(() => getCachedRecordId(undefined), "missing-run-id");
  });
});

// The rows of MIGRATION.md's "runIdUtils", "change meaning" and "batch-all-clients" sections.
describe("MIGRATION.md: calls whose meaning changed, and batch-all-clients IDs", () => {
  const {
    addClientSuffix,
    getBaseRunId,
    getClientId,
    normalizeRunId,
    validateRunId,
    validateAndStandardizeRunId,
    createClientRunId,
  } = runIdSystem;

  it("runIdUtils differences: compat throws or answers null where runIdUtils returned its input", () => {
    throwsCode(() => addClientSuffix(null, "123"), "missing-base-run-id");
    throwsCode(() => addClientSuffix("251007-070457", ""), "missing-client-id");
    assert.equal(getBaseRunId(undefined), null);
    assert.equal(getBaseRunId(42), null);
    assert.equal(getBaseRunId("251399-256199-Guy"), "251399-256199-Guy");
    assert.equal(getBaseRunId("251007-070457.0"), "251007-070457");
  });

  it("a label as normalizeRunId's second argument becomes a client suffix", () => {
    assert.equal(
      normalizeRunId("251007-070457", "check-job-record-endpoint"),
      "251007-070457-check-job-record-endpoint",
    );
    throwsCode(
      () => normalizeRunId("251007-070457-Guy-Wilson", "check-job-record-endpoint"),
      "client-mismatch",
    );
  });

  it("batch-all-clients IDs are refused or passed through, never converted", () => {
    const nested = "251007-070457-batch-all-clients-Guy-Wilson";
    const bare = "251007-070457-batch-all-clients";
    throwsCode(() => validateRunId(nested), "malformed");
    throwsCode(() => validateRunId(bare), "invalid-client-id");
    throwsCode(() => createClientRunId(nested, "Guy-Wilson"), "malformed");
    throwsCode(() => cacheRecordId(nested, "recA"), "malformed");
    assert.equal(getBaseRunId(nested), nested);
    assert.equal(validateAndStandardizeRunId(nested), nested);
    assert.equal(getClientId(nested), null);
    assert.equal(registerRunRecord(nested, "Guy-Wilson", "recA"), null);
    // What the call site should do instead: the job's base run ID, and a client run ID per client.
    assert.equal(createClientRunId("251007-070457", "Guy-Wilson"), "251007-070457-Guy-Wilson");
  });
});
