// The old server's record cache through run-records/compat (CommonJS, the built package).
const { beforeEach, describe, it } = require("@vitest/runner");
const assert = require("node:assert/strict");
const { runIdSystem } = require("./compat-shapes.cjs");

const { registerRunRecord, getRunRecordId, clearCache } = runIdSystem;

beforeEach(() => {
  clearCache();
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
      "251007-070457-Guy-Wilson.0",
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
