// generateRunId through run-records/compat; its own file, so the shared generator's first use is
// this file's frozen clock.
const { afterAll, describe, it } = require("@vitest/runner");
const assert = require("node:assert/strict");
const { runIdSystem, core, CompatError } = require("./compat-shapes.cjs");

const { getBaseRunId, getClientId } = runIdSystem;

describe("generateRunId", () => {
  // The old signature takes no clock, so the shared generator reads Date.now; freeze it before
  // the generator's first use (it keeps the function it was created with) so no test reads the
  // wall clock.
  const realNow = Date.now;
  Date.now = () => Date.UTC(2030, 0, 2, 3, 4, 5);
  afterAll(() => {
    Date.now = realNow;
  });

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
    // The older runIdService.generateRunId(clientId, taskId, stepId) arguments are ignored
    // (MIGRATION.md): a base run ID, the next in the sequence, never an SR ID for the client.
    const withArgs = runIdSystem.generateRunId("Guy-Wilson", 3304, 1);
    assert.ok(core.isRunId(withArgs) && getClientId(withArgs) === null, withArgs);
    assert.ok(next < withArgs);
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
  });
});
