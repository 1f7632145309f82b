// Shared by the CommonJS record compat tests: the built package by its name, a service on a fresh
// memory store with an injected clock (no test reads the wall clock), and a rejection helper.
const assert = require("node:assert/strict");
const core = require("run-records");
const compat = require("run-records/compat");

/** 2025-10-07T07:04:57.000Z, the instant of run 251007-070457. */
const T0 = Date.UTC(2025, 9, 7, 7, 4, 57);
const BASE = "251007-070457";
const GUY = "Guy-Wilson";
const DEAN = "Dean-Hobin";
const GUY_RUN = `${BASE}-${GUY}`;

/** A service over a new memory store whose clock moves 1 ms per reading, with both facades on it. */
function makeCompat() {
  let t = T0;
  const clock = { now: () => t++, set: (ms) => (t = ms) };
  const service = core.createRunRecordService({ store: core.createMemoryStore(), now: clock.now });
  return {
    service,
    clock,
    jobTracking: compat.createJobTracking({ service }),
    adapter: compat.createRunRecordAdapter({ service }),
  };
}

/** Awaits `promise`, which must reject with a CompatError carrying `code` (and `message`, when given). */
async function rejectsCode(promise, code, message) {
  let error;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  assert.ok(error !== undefined, "expected a rejection");
  assert.ok(compat.isCompatError(error), `not a CompatError: ${error}`);
  assert.ok(!(error instanceof TypeError) && !(error instanceof ReferenceError));
  assert.equal(error.code, code, `code of "${error.message}"`);
  if (message !== undefined) assert.equal(error.message, message);
  return error;
}

/** The stored client run (the typed API), for assertions on what a facade call wrote. */
async function clientRun(service, runId, clientId) {
  return (await service.getClientRun(runId, clientId))._unsafeUnwrap();
}

module.exports = {
  assert,
  core,
  compat,
  T0,
  BASE,
  GUY,
  DEAN,
  GUY_RUN,
  makeCompat,
  rejectsCode,
  clientRun,
};
