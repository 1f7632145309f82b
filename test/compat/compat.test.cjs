// The old server's view of run-records/compat: plain CommonJS that `require`s the *built*
// package by its name (self-reference through package.json `exports` → dist/compat.cjs).
// `vitest` itself cannot be required from CommonJS, so the suite functions come from its
// runner package (the same instance vitest collects from) and assertions from node:assert.
const { beforeEach, describe, it } = require("@vitest/runner");
const assert = require("node:assert/strict");
const fc = require("fast-check");
const runIdSystem = require("run-records/compat");
const core = require("run-records");
const { CompatError } = runIdSystem;

const {
  createClientRunId,
  getBaseRunId,
  getClientId,
  validateRunId,
  validateAndStandardizeRunId,
  registerRunRecord,
  getRunRecordId,
  clearCache,
} = runIdSystem;

/** Calls `fn` and returns the thrown error, failing when nothing (or a non-CompatError) is thrown. */
function thrown(fn) {
  try {
    const value = fn();
    assert.fail(`expected a throw, got ${JSON.stringify(value)}`);
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    assert.ok(error instanceof CompatError, `not a CompatError: ${error}`);
    assert.ok(error instanceof Error);
    assert.equal(typeof error.code, "string");
    return error;
  }
}

/** Asserts `fn` throws a CompatError with `code` (and `message`, when given). */
function throwsCode(fn, code, message) {
  const error = thrown(fn);
  assert.equal(error.code, code, `code of ${error.message}`);
  if (message !== undefined) assert.equal(error.message, message);
  return error;
}

const NULL_MESSAGE = "Run ID cannot be null or undefined";
const OLD = "old"; // marks "the input comes back unchanged" in the table

// One row per shape in DESIGN.md §3 and failure in §4: what each function gives for it.
// `base`/`client`: getBaseRunId/getClientId; `valid`: true or the code validateRunId throws;
// `standard`: validateAndStandardizeRunId's result (OLD = input unchanged).
const SHAPES = [
  // §3 current, canonical
  { id: "251007-070457", base: "251007-070457", client: null, valid: true, standard: OLD },
  { id: "250926-124530", base: "250926-124530", client: null, valid: true, standard: OLD },
  {
    id: "251007-070457-Guy-Wilson",
    base: "251007-070457",
    client: "Guy-Wilson",
    valid: true,
    standard: OLD,
  },
  {
    id: "250924-152230-Dean-Hobin",
    base: "250924-152230",
    client: "Dean-Hobin",
    valid: true,
    standard: OLD,
  },
  // §3 legacy shapes: recognised, never converted
  {
    id: "SR-250924-001-T3304-S1-CDean-Hobin",
    base: OLD,
    client: "Dean-Hobin",
    valid: true,
    standard: OLD,
  },
  { id: "SR-250922-001", base: OLD, client: null, valid: true, standard: OLD },
  {
    id: "SR-250924-001-T3304-S1-Guy-Wilson",
    base: OLD,
    client: "Guy-Wilson",
    valid: true,
    standard: OLD,
  },
  { id: "8MSTBAfqMzuXPvgB3", base: OLD, client: null, valid: true, standard: OLD },
  {
    id: "8MSTBAfqMzuXPvgB3-CGuy-Wilson",
    base: OLD,
    client: "Guy-Wilson",
    valid: true,
    standard: OLD,
  },
  {
    id: "OYkC0ZbuWPOvwkLid-Dean-Hobin",
    base: OLD,
    client: "Dean-Hobin",
    valid: true,
    standard: OLD,
  },
  { id: "apify-MJPZZeJ7yghyvcmRB", base: OLD, client: null, valid: true, standard: OLD },
  {
    id: "job_post_scoring_stream1_20250929094802",
    base: OLD,
    client: null,
    valid: true,
    standard: OLD,
  },
  {
    id: "job_post_scoring_bypass_1717146242405",
    base: OLD,
    client: null,
    valid: true,
    standard: OLD,
  },
  { id: "job_lead_scoring_1717146242405", base: OLD, client: null, valid: true, standard: OLD },
  {
    id: "post_batch_standalone_1717146242405",
    base: OLD,
    client: null,
    valid: true,
    standard: OLD,
  },
  { id: "post_batch_1717146242405", base: OLD, client: null, valid: true, standard: OLD },
  // §3 double suffixes
  {
    id: "8MSTBAfqMzuXPvgB3-CGuy-Wilson-CGuy-Wilson",
    base: OLD,
    client: "Guy-Wilson",
    valid: true,
    standard: OLD,
  },
  {
    id: "OYkC0ZbuWPOvwkLid-Dean-Hobin-Dean-Hobin",
    base: OLD,
    client: "Dean-Hobin",
    valid: true,
    standard: OLD,
  },
  {
    id: "251007-070457-Guy-Wilson-Guy-Wilson",
    base: "251007-070457",
    client: "Guy-Wilson",
    valid: true,
    standard: "251007-070457-Guy-Wilson",
  },
  // §3 nested master: a client appended to the all-clients master is refused by the parser
  {
    id: "251007-070457-batch-all-clients-Guy-Wilson",
    base: OLD,
    client: null,
    valid: "malformed",
    standard: OLD,
  },
  // §3 repairs: `:` separator, `.0`, whitespace, NFC
  {
    id: "251007-070457:Guy-Wilson",
    base: "251007-070457",
    client: "Guy-Wilson",
    valid: true,
    standard: "251007-070457-Guy-Wilson",
  },
  {
    id: "251007-070457.0",
    base: "251007-070457",
    client: null,
    valid: true,
    standard: "251007-070457",
  },
  {
    id: "  251007-070457-Guy-Wilson\n",
    base: "251007-070457",
    client: "Guy-Wilson",
    valid: true,
    standard: "251007-070457-Guy-Wilson",
  },
  {
    id: "\t251007-070457 ",
    base: "251007-070457",
    client: null,
    valid: true,
    standard: "251007-070457",
  },
  {
    id: "251007-070457-guy-wilson",
    base: "251007-070457",
    client: "guy-wilson",
    valid: true,
    standard: OLD,
  },
  {
    id: "251007-070457-Zoë-Müller",
    base: "251007-070457",
    client: "Zoë-Müller",
    valid: true,
    standard: OLD,
  },
  {
    id: "251007-070457-Zoe\u0308",
    base: "251007-070457",
    client: "Zo\u00eb",
    valid: true,
    standard: "251007-070457-Zo\u00eb",
  },
  // §3 placeholders written where a run ID belonged
  ...["UNKNOWN", "SYSTEM", "INIT", "INITIALIZING", "RESCORE", "STANDALONE"].map((id) => ({
    id,
    base: OLD,
    client: null,
    valid: "placeholder",
    standard: OLD,
  })),
  ...["standalone", "unknown", "validation", " NONE "].map((id) => ({
    id,
    base: OLD,
    client: null,
    valid: "placeholder",
    standard: OLD,
  })),
  // §4 impossible timestamps
  { id: "251399-256199", base: OLD, client: null, valid: "invalid-date", standard: OLD },
  { id: "251399-256199-Guy", base: OLD, client: null, valid: "invalid-date", standard: OLD },
  { id: "251007-256199", base: OLD, client: null, valid: "invalid-time", standard: OLD },
  { id: "250229-120000", base: OLD, client: null, valid: "invalid-date", standard: OLD },
  { id: "240229-120000", base: "240229-120000", client: null, valid: true, standard: OLD },
  // unrecognised strings
  { id: "not a run id", base: OLD, client: null, valid: "malformed", standard: OLD },
  {
    id: "251007-070457-Guy Wilson",
    base: OLD,
    client: null,
    valid: "invalid-client-id",
    standard: OLD,
  },
  { id: "   ", base: OLD, client: null, valid: "empty", standard: OLD },
];

// §4 "numbers and objects crashed with TypeError": now null / a typed throw.
const NON_STRINGS = [
  251007070457,
  0,
  Number.NaN,
  true,
  false,
  {},
  [],
  ["251007-070457"],
  Symbol("run"),
  10n,
  () => "251007-070457",
  new Proxy(
    {},
    {
      get() {
        throw new Error("hostile");
      },
    },
  ),
];
const MISSING = [null, undefined, ""];

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
    ["251007-070457", "Zoë-Müller", "251007-070457-Zoë-Müller"],
    ["251007-070457", "12345", "251007-070457-12345"],
    ["251007-070457", "guy_wilson", "251007-070457-guy_wilson"],
    // legacy shapes already carrying this client are its run ID (double suffix collapsed)
    ["8MSTBAfqMzuXPvgB3-CGuy-Wilson", "Guy-Wilson", "8MSTBAfqMzuXPvgB3-CGuy-Wilson"],
    ["8MSTBAfqMzuXPvgB3-CGuy-Wilson-CGuy-Wilson", "Guy-Wilson", "8MSTBAfqMzuXPvgB3-CGuy-Wilson"],
    ["OYkC0ZbuWPOvwkLid-Dean-Hobin-Dean-Hobin", "Dean-Hobin", "OYkC0ZbuWPOvwkLid-Dean-Hobin"],
    ["SR-250924-001-T3304-S1-CDean-Hobin", "Dean-Hobin", "SR-250924-001-T3304-S1-CDean-Hobin"],
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

describe("record cache (registerRunRecord, getRunRecordId, clearCache)", () => {
  it("reaches one entry from the base ID with a client and from every spelling of the client run ID", () => {
    assert.equal(
      registerRunRecord("251007-070457", "Guy-Wilson", "recA"),
      "251007-070457-Guy-Wilson",
    );
    for (const runId of [
      "251007-070457",
      "251007-070457-Guy-Wilson",
      " 251007-070457:Guy-Wilson\n",
      "251007-070457-Guy-Wilson-Guy-Wilson",
      "251007-070457.0",
    ]) {
      assert.equal(getRunRecordId(runId, "Guy-Wilson"), "recA", runId);
    }
    assert.equal(
      registerRunRecord("251007-070457-Guy-Wilson", "Guy-Wilson", "recB"),
      "251007-070457-Guy-Wilson",
    );
    assert.equal(getRunRecordId("251007-070457", "Guy-Wilson"), "recB");
  });

  it("never lets (…-Guy, Wilson) and (…, Guy-Wilson) collide", () => {
    assert.equal(registerRunRecord("251007-070457-Guy", "Wilson", "recWrong"), null);
    assert.equal(
      registerRunRecord("251007-070457", "Guy-Wilson", "recGW"),
      "251007-070457-Guy-Wilson",
    );
    assert.equal(registerRunRecord("251007-070457", "Guy", "recG"), "251007-070457-Guy");
    assert.equal(getRunRecordId("251007-070457-Guy", "Wilson"), null);
    assert.equal(getRunRecordId("251007-070457", "Wilson"), null);
    assert.equal(getRunRecordId("251007-070457", "Guy-Wilson"), "recGW");
    assert.equal(getRunRecordId("251007-070457-Guy", "Guy"), "recG");
    // a client never reads another client's entry through a tail or a case variant
    assert.equal(getRunRecordId("251007-070457-Guy-Wilson", "Wilson"), null);
    assert.equal(getRunRecordId("251007-070457", "guy-wilson"), null);
  });

  it("registers nothing for a run ID of another client, legacy shapes, invalid input", () => {
    const refused = [
      ["251007-070457-Guy-Wilson", "Dean-Hobin", "rec1"],
      ["8MSTBAfqMzuXPvgB3-CGuy-Wilson", "Guy-Wilson", "rec2"],
      ["UNKNOWN", "Guy-Wilson", "rec3"],
      ["251007-070457", "Guy Wilson", "rec4"],
      ["251007-070457", "Guy-Wilson", ""],
      ["251007-070457", "Guy-Wilson", 42],
      [null, "Guy-Wilson", "rec5"],
      ["251007-070457", undefined, "rec6"],
      [{}, [], Symbol("x")],
    ];
    for (const [runId, clientId, recordId] of refused) {
      assert.equal(registerRunRecord(runId, clientId, recordId), null);
    }
    assert.equal(getRunRecordId("251007-070457", "Guy-Wilson"), null);
    assert.equal(getRunRecordId("251007-070457", "Dean-Hobin"), null);
    assert.equal(clearCache(), 0);
  });

  it("clearCache(runId) clears every client's entry of that run and nothing else", () => {
    registerRunRecord("251007-070457", "Guy-Wilson", "r1");
    registerRunRecord("251007-070457", "Dean-Hobin", "r2");
    registerRunRecord("251007-070458", "Guy-Wilson", "r3");
    assert.equal(clearCache("251007-070457-Guy-Wilson"), 2);
    assert.equal(getRunRecordId("251007-070457", "Dean-Hobin"), null);
    assert.equal(getRunRecordId("251007-070457", "Guy-Wilson"), null);
    assert.equal(getRunRecordId("251007-070458", "Guy-Wilson"), "r3");
    assert.equal(clearCache("UNKNOWN"), 0);
    assert.equal(clearCache("8MSTBAfqMzuXPvgB3"), 0);
    assert.equal(clearCache(42), 0);
    assert.equal(getRunRecordId("251007-070458-Guy-Wilson", "Guy-Wilson"), "r3");
  });

  it("clearCache with a client run ID clears that run for every client (the MIGRATION.md example)", () => {
    assert.equal(registerRunRecord("251007-070457-Guy", "Wilson", "recA"), null);
    registerRunRecord("251007-070457", "Guy-Wilson", "recB");
    assert.equal(getRunRecordId("251007-070457-Guy-Wilson", "Wilson"), null);
    assert.equal(clearCache("251007-070457-Dean-Hobin"), 1);
    assert.equal(getRunRecordId("251007-070457", "Guy-Wilson"), null);
  });

  it("clearCache() (or null, undefined, '') clears everything", () => {
    for (const none of [undefined, null, ""]) {
      registerRunRecord("251007-070457", "Guy-Wilson", "r1");
      registerRunRecord("251008-000000", "Dean-Hobin", "r2");
      assert.equal(none === undefined ? clearCache() : clearCache(none), 2);
      assert.equal(getRunRecordId("251007-070457", "Guy-Wilson"), null);
      assert.equal(getRunRecordId("251008-000000", "Dean-Hobin"), null);
    }
  });

  it(`is bounded to DEFAULT_RECORD_CACHE_CAPACITY (${runIdSystem.DEFAULT_RECORD_CACHE_CAPACITY}) entries, evicting the least recently used`, () => {
    const capacity = runIdSystem.DEFAULT_RECORD_CACHE_CAPACITY;
    assert.equal(capacity, 10_000);
    for (let i = 0; i < capacity; i++) registerRunRecord("251007-070457", `c${i}`, `rec${i}`);
    assert.equal(getRunRecordId("251007-070457", "c0"), "rec0"); // c0 is now the most recent
    registerRunRecord("251007-070458", "extra", "recX");
    assert.equal(getRunRecordId("251007-070457", "c1"), null); // the least recently used went
    assert.equal(getRunRecordId("251007-070457", "c0"), "rec0");
    assert.equal(getRunRecordId("251007-070458", "extra"), "recX");
    assert.equal(clearCache("251007-070457"), capacity - 1);
    assert.equal(clearCache(), 1);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const pad = (n) => String(n).padStart(2, "0");
const baseRunIdArb = fc
  .record({
    y: fc.integer({ min: 0, max: 99 }),
    mo: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
  })
  .map((t) => `${pad(t.y)}${pad(t.mo)}${pad(t.d)}-${pad(t.h)}${pad(t.mi)}${pad(t.s)}`)
  .filter((id) => core.isRunId(id));
const segmentArb = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9]{1,8}$/),
  fc.constantFrom("Guy", "Wilson", "Dean", "Hobin", "Zoë", "Müller", "山田", "123", "456"),
);
const clientIdArb = fc
  .tuple(fc.array(segmentArb, { minLength: 1, maxLength: 4 }), fc.constantFrom("-", "_"))
  .map(([segments, sep]) => segments.join(sep))
  .filter((id) => core.parseClientId(id).isOk());
const shapeArb = fc.constantFrom(...SHAPES.map((row) => row.id));
const anyInputArb = fc.oneof(
  fc.anything(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  shapeArb,
  fc
    .tuple(fc.string({ maxLength: 3 }), shapeArb, fc.string({ maxLength: 3 }))
    .map(([a, s, b]) => a + s + b),
  fc
    .tuple(baseRunIdArb, fc.constantFrom("-", ":", "", "."), fc.string({ maxLength: 20 }))
    .map((p) => p.join("")),
);
const PARAMS = { numRuns: 300 };

const NO_THROW_CODES_OF_BASE = new Set([
  "not-a-string",
  "empty",
  "placeholder",
  "malformed",
  "invalid-date",
  "invalid-time",
  "invalid-client-id",
  "legacy-format",
]);
const CREATE_CODES = new Set([
  "missing-base-run-id",
  "missing-client-id",
  "invalid-client-id",
  "client-mismatch",
  ...NO_THROW_CODES_OF_BASE,
]);

describe("properties", () => {
  it("getBaseRunId(createClientRunId(b, c)) === b", () => {
    fc.assert(
      fc.property(baseRunIdArb, clientIdArb, (b, c) => getBaseRunId(createClientRunId(b, c)) === b),
      PARAMS,
    );
  });

  it("createClientRunId is idempotent and getClientId returns exactly the client", () => {
    fc.assert(
      fc.property(baseRunIdArb, clientIdArb, (b, c) => {
        const once = createClientRunId(b, c);
        assert.equal(createClientRunId(once, c), once);
        assert.equal(getClientId(once), c);
        assert.equal(validateAndStandardizeRunId(once), once);
        assert.equal(validateRunId(once), true);
      }),
      PARAMS,
    );
  });

  it("never hands a client the run ID of a client it is a hyphenated tail of", () => {
    fc.assert(
      fc.property(baseRunIdArb, clientIdArb, clientIdArb, (b, head, tail) => {
        const owner = `${head}-${tail}`;
        fc.pre(core.parseClientId(owner).isOk());
        const ownersRunId = createClientRunId(b, owner);
        assert.equal(getClientId(ownersRunId), owner);
        throwsCode(() => createClientRunId(ownersRunId, tail), "client-mismatch");
        clearCache();
        registerRunRecord(b, owner, "recOwner");
        assert.equal(registerRunRecord(ownersRunId, tail, "recTail"), null);
        assert.equal(getRunRecordId(ownersRunId, tail), null);
        assert.equal(getRunRecordId(`${b}-${head}`, tail), null);
        assert.equal(getRunRecordId(b, owner), "recOwner");
      }),
      PARAMS,
    );
  });

  it("the cache key is the parsed pair: (b-x, y) and (b, x-y) never share an entry", () => {
    fc.assert(
      fc.property(baseRunIdArb, clientIdArb, clientIdArb, (b, x, y) => {
        fc.pre(core.parseClientId(`${x}-${y}`).isOk());
        clearCache();
        registerRunRecord(b, `${x}-${y}`, "joined");
        registerRunRecord(b, y, "tail");
        assert.equal(getRunRecordId(`${b}-${x}`, y), null);
        assert.equal(getRunRecordId(b, y), "tail");
        assert.equal(getRunRecordId(`${b}-${x}-${y}`, `${x}-${y}`), "joined");
      }),
      PARAMS,
    );
  });

  it("the reading functions never throw, for any input of any type", () => {
    fc.assert(
      fc.property(anyInputArb, anyInputArb, anyInputArb, (a, b, c) => {
        const base = getBaseRunId(a);
        assert.ok(base === null || typeof base === "string");
        if (typeof a === "string" && a !== "" && base !== a) assert.ok(core.isRunId(base));
        const client = getClientId(a);
        assert.ok(client === null || core.parseClientId(client).isOk());
        const registered = registerRunRecord(a, b, c);
        assert.ok(registered === null || core.isRunId(registered));
        const found = getRunRecordId(a, b);
        assert.ok(found === null || typeof found === "string");
        assert.equal(typeof clearCache(a), "number");
      }),
      PARAMS,
    );
  });

  it("validateRunId throws exactly where listed, with the parser's code", () => {
    fc.assert(
      fc.property(anyInputArb, (input) => {
        const parsed = core.parseRunId(input);
        if (typeof input === "string" && input !== "" && parsed.isOk()) {
          assert.equal(validateRunId(input), true);
          return;
        }
        const error = thrown(() => validateRunId(input));
        if (input === null || input === undefined || input === "") {
          assert.equal(error.code, "missing-run-id");
        } else if (typeof input !== "string") {
          assert.equal(error.code, "not-a-string");
        } else {
          assert.equal(error.code, parsed.error.type);
        }
      }),
      PARAMS,
    );
  });

  it("validateAndStandardizeRunId throws only for missing and non-string input, and is the core's normalizeRunId", () => {
    fc.assert(
      fc.property(anyInputArb, (input) => {
        if (input === null || input === undefined || input === "" || typeof input !== "string") {
          const error = thrown(() => validateAndStandardizeRunId(input));
          assert.ok(["missing-run-id", "not-a-string"].includes(error.code));
          return;
        }
        const normalized = core.normalizeRunId(input);
        const expected = normalized.isOk() ? normalized.value : input;
        const once = validateAndStandardizeRunId(input);
        assert.equal(once, expected);
        assert.equal(validateAndStandardizeRunId(once), once);
      }),
      PARAMS,
    );
  });

  it("createClientRunId throws only the listed codes and otherwise returns the core's result", () => {
    const clientOrJunk = fc.oneof(clientIdArb, anyInputArb);
    fc.assert(
      fc.property(anyInputArb, clientOrJunk, (base, client) => {
        let result;
        try {
          result = createClientRunId(base, client);
        } catch (error) {
          assert.ok(error instanceof CompatError, String(error));
          assert.ok(CREATE_CODES.has(error.code), error.code);
          return;
        }
        assert.equal(typeof result, "string");
        const normalized = core.normalizeRunId(base, { clientId: client });
        if (normalized.isOk()) assert.equal(result, normalized.value);
        else assert.equal(getClientId(result), client); // a legacy shape carrying this client
        assert.equal(createClientRunId(result, client), result);
      }),
      PARAMS,
    );
  });
});

describe("generateRunId", () => {
  // The old signature takes no clock, so the shared generator reads Date.now; freeze it before
  // the generator's first use (it keeps the function it was created with) so no test reads the
  // wall clock.
  const realNow = Date.now;
  Date.now = () => Date.UTC(2030, 0, 2, 3, 4, 5);

  it("returns canonical base run IDs that never repeat and always increase", () => {
    const ids = Array.from({ length: 50 }, () => runIdSystem.generateRunId());
    assert.equal(ids[0], "300102-030405"); // the frozen clock, in UTC
    assert.equal(ids[1], "300102-030406"); // same second: the next second
    for (const id of ids) {
      assert.ok(core.isRunId(id), id);
      assert.equal(getBaseRunId(id), id);
      assert.equal(getClientId(id), null);
    }
    for (let i = 1; i < ids.length; i++)
      assert.ok(ids[i - 1] < ids[i], `${ids[i - 1]} < ${ids[i]}`);
    // the alias shares the one generator: it continues the sequence
    const next = runIdSystem.generateTimestampRunId();
    assert.ok(ids[ids.length - 1] < next);
  });

  it("throws generator-ahead once asked for more IDs than the generator may mint ahead of the clock", () => {
    let error;
    for (let i = 0; i < 100_000 && error === undefined; i++) {
      try {
        runIdSystem.generateRunId();
      } catch (caught) {
        error = caught;
      }
    }
    assert.ok(error instanceof CompatError);
    assert.equal(error.code, "generator-ahead");
    assert.equal(error.cause.type, "generator-ahead");
    Date.now = realNow;
  });
});
