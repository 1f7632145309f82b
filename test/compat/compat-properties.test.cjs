// Properties of run-records/compat over generated run IDs, client IDs and arbitrary input.
const { beforeEach, describe, it } = require("@vitest/runner");
const assert = require("node:assert/strict");
const fc = require("fast-check");
const {
  runIdSystem,
  core,
  CompatError,
  thrown,
  throwsCode,
  SHAPES,
} = require("./compat-shapes.cjs");

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

beforeEach(() => {
  clearCache();
});

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
