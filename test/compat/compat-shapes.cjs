// Shared by the CommonJS compat tests: the built package, required by its name (self-reference
// through package.json `exports` → dist/compat.cjs), the throw helpers and the table of shapes.
const assert = require("node:assert/strict");
const runIdSystem = require("run-records/compat");
const core = require("run-records");
const { CompatError } = runIdSystem;

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
    id: "251007-070457-Guy-Wilson.0",
    base: "251007-070457",
    client: "Guy-Wilson",
    valid: true,
    standard: "251007-070457-Guy-Wilson",
  },
  {
    id: " 251007-070457:Guy-Wilson.0\n",
    base: "251007-070457",
    client: "Guy-Wilson",
    valid: true,
    standard: "251007-070457-Guy-Wilson",
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

module.exports = {
  runIdSystem,
  core,
  CompatError,
  thrown,
  throwsCode,
  NULL_MESSAGE,
  OLD,
  SHAPES,
  NON_STRINGS,
  MISSING,
};
