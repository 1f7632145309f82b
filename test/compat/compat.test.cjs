// The old server's view of run-records/compat: plain CommonJS that `require`s the *built*
// package by its name (self-reference through package.json `exports` → dist/compat.cjs).
// `vitest` itself cannot be required from CommonJS, so the suite functions come from its
// runner package (the same instance vitest collects from) and assertions from node:assert.
const { beforeEach, describe, it } = require("@vitest/runner");
const assert = require("node:assert/strict");
const {
  runIdSystem,
  core,
  throwsCode,
  NULL_MESSAGE,
  OLD,
  SHAPES,
  NON_STRINGS,
  MISSING,
} = require("./compat-shapes.cjs");

const {
  createClientRunId,
  getBaseRunId,
  getClientId,
  validateRunId,
  validateAndStandardizeRunId,
  clearCache,
} = runIdSystem;

beforeEach(() => {
  clearCache();
});

describe("require('run-records/compat')", () => {
  it("exposes every old function and alias both as named exports and on runIdSystem", () => {
    const names = [
      "generateRunId",
      "createClientRunId",
      "getBaseRunId",
      "getClientId",
      "validateRunId",
      "validateAndStandardizeRunId",
      "registerRunRecord",
      "getRunRecordId",
      "clearCache",
      "normalizeRunId",
      "stripClientSuffix",
      "addClientSuffix",
      "getCachedRecordId",
      "cacheRecordId",
      "generateTimestampRunId",
    ];
    for (const name of names) {
      assert.equal(typeof runIdSystem[name], "function", name);
      assert.equal(runIdSystem.runIdSystem[name], runIdSystem[name], name);
    }
    assert.ok(Object.isFrozen(runIdSystem.runIdSystem));
  });

  it("maps the old refactoring's aliases to the same functions", () => {
    assert.equal(runIdSystem.stripClientSuffix, runIdSystem.getBaseRunId);
    assert.equal(runIdSystem.addClientSuffix, runIdSystem.createClientRunId);
    assert.equal(runIdSystem.getCachedRecordId, runIdSystem.getRunRecordId);
    assert.equal(runIdSystem.cacheRecordId, runIdSystem.registerRunRecord);
    assert.equal(runIdSystem.generateTimestampRunId, runIdSystem.generateRunId);
  });

  it("normalizeRunId is validateAndStandardizeRunId with one argument and createClientRunId with a client", () => {
    for (const row of SHAPES.filter((r) => r.id.trim() !== "")) {
      assert.equal(runIdSystem.normalizeRunId(row.id), validateAndStandardizeRunId(row.id), row.id);
      assert.equal(
        runIdSystem.normalizeRunId(row.id, undefined),
        validateAndStandardizeRunId(row.id),
      );
      assert.equal(runIdSystem.normalizeRunId(row.id, ""), validateAndStandardizeRunId(row.id));
    }
    assert.equal(
      runIdSystem.normalizeRunId("251007-070457", "Guy-Wilson"),
      "251007-070457-Guy-Wilson",
    );
    throwsCode(
      () => runIdSystem.normalizeRunId("251007-070457-Guy-Wilson", "Wilson"),
      "client-mismatch",
    );
    throwsCode(() => runIdSystem.normalizeRunId(null), "missing-run-id", NULL_MESSAGE);
    throwsCode(
      () => runIdSystem.normalizeRunId("8MSTBAfqMzuXPvgB3", "Guy-Wilson"),
      "legacy-format",
    );
    assert.equal(
      runIdSystem.normalizeRunId("251007-070457-Guy-Wilson", null),
      "251007-070457-Guy-Wilson",
    );
    // An ambiguous -C suffix: the client given chooses the reading.
    assert.equal(
      runIdSystem.normalizeRunId("8MSTBAfqMzuXPvgB3-CJ-Smith", "CJ-Smith"),
      "8MSTBAfqMzuXPvgB3-CJ-Smith",
    );
    assert.equal(runIdSystem.getClientId("8MSTBAfqMzuXPvgB3-CJ-Smith"), "J-Smith");
  });
});

describe("getBaseRunId", () => {
  for (const row of SHAPES) {
    it(`${JSON.stringify(row.id)} → ${JSON.stringify(row.base)}`, () => {
      assert.equal(getBaseRunId(row.id), row.base === OLD ? row.id : row.base);
    });
  }
  it("returns null for null, undefined, '' and every non-string, never a TypeError", () => {
    for (const value of [...MISSING, ...NON_STRINGS]) assert.equal(getBaseRunId(value), null);
  });
});

describe("getClientId", () => {
  for (const row of SHAPES) {
    it(`${JSON.stringify(row.id)} → ${JSON.stringify(row.client)}`, () => {
      assert.equal(getClientId(row.id), row.client);
    });
  }
  it("never returns a tail: not `Wilson` for a Guy-Wilson Apify ID, not `001-T3304-S1-CDean-Hobin` for SR", () => {
    assert.equal(getClientId("8MSTBAfqMzuXPvgB3-CGuy-Wilson"), "Guy-Wilson");
    assert.equal(getClientId("SR-250924-001-T3304-S1-CDean-Hobin"), "Dean-Hobin");
    assert.equal(getClientId("251007-070457-123-456"), "123-456");
  });
  it("returns null for null, undefined, '' and every non-string", () => {
    for (const value of [...MISSING, ...NON_STRINGS]) assert.equal(getClientId(value), null);
  });
});

describe("validateRunId", () => {
  for (const row of SHAPES) {
    it(`${JSON.stringify(row.id)} → ${row.valid === true ? "true" : `throws ${row.valid}`}`, () => {
      if (row.valid === true) {
        assert.equal(validateRunId(row.id), true);
        return;
      }
      const error = throwsCode(() => validateRunId(row.id), row.valid);
      // The code and message are the parser's, and the parser's error is the cause.
      const parsed = core.parseRunId(row.id);
      assert.ok(parsed.isErr());
      assert.equal(error.message, parsed.error.message);
      assert.equal(error.cause.type, row.valid);
      assert.equal(error.input, row.id);
    });
  }
  it("throws the old message for null, undefined and ''", () => {
    for (const value of MISSING)
      throwsCode(() => validateRunId(value), "missing-run-id", NULL_MESSAGE);
  });
  it("throws the old message, with the typeof, for non-strings", () => {
    for (const value of NON_STRINGS) {
      const error = throwsCode(
        () => validateRunId(value),
        "not-a-string",
        `Run ID must be a string, received ${typeof value}`,
      );
      assert.equal(error.input, value);
      assert.equal(error.cause.type, "not-a-string");
    }
  });
});

describe("validateAndStandardizeRunId", () => {
  for (const row of SHAPES) {
    it(`${JSON.stringify(row.id)} → ${JSON.stringify(row.standard)}`, () => {
      assert.equal(
        validateAndStandardizeRunId(row.id),
        row.standard === OLD ? row.id : row.standard,
      );
    });
  }
  it("throws the old message for null, undefined and ''", () => {
    for (const value of MISSING) {
      throwsCode(() => validateAndStandardizeRunId(value), "missing-run-id", NULL_MESSAGE);
    }
  });
  it("throws not-a-string for non-strings instead of passing them on", () => {
    for (const value of NON_STRINGS) {
      throwsCode(
        () => validateAndStandardizeRunId(value),
        "not-a-string",
        `Run ID must be a string, received ${typeof value}`,
      );
    }
  });
});

describe("createClientRunId", () => {
  const cases = [
    ["251007-070457", "Guy-Wilson", "251007-070457-Guy-Wilson"],
    ["250924-152230", "Dean-Hobin", "250924-152230-Dean-Hobin"],
    ["251007-070457-Guy-Wilson", "Guy-Wilson", "251007-070457-Guy-Wilson"],
    ["251007-070457-Guy-Wilson-Guy-Wilson", "Guy-Wilson", "251007-070457-Guy-Wilson"],
    [" 251007-070457:Guy-Wilson\n", "Guy-Wilson", "251007-070457-Guy-Wilson"],
    ["251007-070457.0", "Dean-Hobin", "251007-070457-Dean-Hobin"],
    ["251007-070457-Dean-Hobin.0", "Dean-Hobin", "251007-070457-Dean-Hobin"],
    ["251007-070457", "Zoë-Müller", "251007-070457-Zoë-Müller"],
    ["251007-070457", "12345", "251007-070457-12345"],
    ["251007-070457", "guy_wilson", "251007-070457-guy_wilson"],
    // legacy shapes already carrying this client are its run ID (double suffix collapsed)
    ["8MSTBAfqMzuXPvgB3-CGuy-Wilson", "Guy-Wilson", "8MSTBAfqMzuXPvgB3-CGuy-Wilson"],
    ["8MSTBAfqMzuXPvgB3-CGuy-Wilson-CGuy-Wilson", "Guy-Wilson", "8MSTBAfqMzuXPvgB3-CGuy-Wilson"],
    ["OYkC0ZbuWPOvwkLid-Dean-Hobin-Dean-Hobin", "Dean-Hobin", "OYkC0ZbuWPOvwkLid-Dean-Hobin"],
    ["SR-250924-001-T3304-S1-CDean-Hobin", "Dean-Hobin", "SR-250924-001-T3304-S1-CDean-Hobin"],
    // a suffix starting with C reads as either client: the caller's client chooses
    ["8MSTBAfqMzuXPvgB3-CJ-Smith", "CJ-Smith", "8MSTBAfqMzuXPvgB3-CJ-Smith"],
    ["8MSTBAfqMzuXPvgB3-CJ-Smith", "J-Smith", "8MSTBAfqMzuXPvgB3-CJ-Smith"],
    ["SR-250924-001-T3304-S1-CDean-Hobin", "CDean-Hobin", "SR-250924-001-T3304-S1-CDean-Hobin"],
    ["OYkC0ZbuWPOvwkLid-Chris-Lee-Chris-Lee", "Chris-Lee", "OYkC0ZbuWPOvwkLid-Chris-Lee"],
  ];
  for (const [base, client, expected] of cases) {
    it(`(${JSON.stringify(base)}, ${JSON.stringify(client)}) → ${JSON.stringify(expected)}`, () => {
      assert.equal(createClientRunId(base, client), expected);
    });
  }

  const failures = [
    // §4: appended to another client's ID, or replaced it
    ["251007-070457-Guy-Wilson", "Dean-Hobin", "client-mismatch"],
    // §4: endsWith treated Wilson as present in …-Guy-Wilson (cross-tenant leak)
    ["251007-070457-Guy-Wilson", "Wilson", "client-mismatch"],
    ["251007-070457-123-456", "456", "client-mismatch"],
    ["251007-070457-12345", "2345", "client-mismatch"],
    ["251007-070457-Guy-Wilson", "guy-wilson", "client-mismatch"],
    ["251007-070457:Guy-Wilson", "Wilson", "client-mismatch"],
    ["8MSTBAfqMzuXPvgB3-CGuy-Wilson", "Wilson", "client-mismatch"],
    ["SR-250924-001-T3304-S1-CDean-Hobin", "Guy-Wilson", "client-mismatch"],
    ["8MSTBAfqMzuXPvgB3-CJ-Smith", "Smith", "client-mismatch"],
    // invalid client IDs
    ["251007-070457", "Guy Wilson", "invalid-client-id"],
    ["251007-070457", "Guy-Wilson-Guy-Wilson", "invalid-client-id"],
    ["251007-070457", "' OR 1=1 '", "invalid-client-id"],
    ["251007-070457", "a}b", "invalid-client-id"],
    ["251007-070457", "-Guy", "invalid-client-id"],
    ["251007-070457", "251007-070457", "invalid-client-id"],
    ["251007-070457", "UNKNOWN", "invalid-client-id"],
    ["251007-070457", " Guy-Wilson ", "invalid-client-id"],
    ["251007-070457", 42, "invalid-client-id"],
    ["251007-070457", { id: "Guy-Wilson" }, "invalid-client-id"],
    // bases that are not run IDs: the parser's code
    ["8MSTBAfqMzuXPvgB3", "Guy-Wilson", "legacy-format"],
    ["SR-250922-001", "Guy-Wilson", "legacy-format"],
    ["job_lead_scoring_1717146242405", "Guy-Wilson", "legacy-format"],
    ["UNKNOWN", "Guy-Wilson", "placeholder"],
    ["251399-256199", "Guy-Wilson", "invalid-date"],
    ["251007-256199", "Guy-Wilson", "invalid-time"],
    ["not a run id", "Guy-Wilson", "malformed"],
    ["251007-070457-batch-all-clients-Guy-Wilson", "Guy-Wilson", "malformed"],
    [251007070457, "Guy-Wilson", "not-a-string"],
  ];
  for (const [base, client, code] of failures) {
    it(`(${JSON.stringify(base)}, ${JSON.stringify(client)}) throws ${code}`, () => {
      const error = throwsCode(() => createClientRunId(base, client), code);
      assert.ok(error.cause !== undefined && typeof error.cause.type === "string");
    });
  }

  it("throws the old messages for a missing baseRunId or clientId", () => {
    for (const value of MISSING) {
      throwsCode(
        () => createClientRunId(value, "Guy-Wilson"),
        "missing-base-run-id",
        "baseRunId is required to create client run ID",
      );
      throwsCode(
        () => createClientRunId("251007-070457", value),
        "missing-client-id",
        "clientId is required to create client run ID",
      );
    }
  });

  it("names both clients in a mismatch and keeps the core's error as cause", () => {
    const error = throwsCode(
      () => createClientRunId("251007-070457-Guy-Wilson", "Wilson"),
      "client-mismatch",
    );
    assert.match(error.message, /Guy-Wilson/);
    assert.match(error.message, /Wilson/);
    assert.equal(error.cause.expected, "Wilson");
    assert.equal(error.cause.actual, "Guy-Wilson");
  });
});
