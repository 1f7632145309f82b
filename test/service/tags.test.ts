import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/memory/memory-store.js";
import type { ClientRunChange, JobChange } from "../../src/store/changes.js";
import type { RunRecordStore } from "../../src/store/port.js";
import { MAX_TAGS, TAG_KEY_MAX_LENGTH, TAG_VALUE_MAX_LENGTH } from "../../src/store/tags.js";
import { racyStore } from "./support/racy-store.js";
import { BASE, fail, HOUR, ok, serviceFixture } from "./support/service-fixture.js";

const CLIENT = "Guy-Wilson";

/** A service with one running job and one running client run of it. */
const started = async (store: RunRecordStore = createMemoryStore()) => {
  const fixture = serviceFixture(store);
  await ok(fixture.service.startJob({ runId: BASE }));
  await ok(fixture.service.startClientRun({ runId: BASE, clientId: CLIENT }));
  return fixture;
};

/** Wraps a store to record every change it is sent. */
const recording = (inner: RunRecordStore) => {
  const changes: (JobChange | ClientRunChange)[] = [];
  const store: RunRecordStore = {
    ...inner,
    updateJob: (runId, change) => {
      changes.push(change);
      return inner.updateJob(runId, change);
    },
    updateClientRun: (runId, clientId, change) => {
      changes.push(change);
      return inner.updateClientRun(runId, clientId, change);
    },
  };
  return { store, changes };
};

describe("service.setTags", () => {
  it("merges into the job's tags when no client is given: a string sets, null removes", async () => {
    const { service } = await started();
    const first = await ok(service.setTags(BASE, undefined, { source: "cron", actor: "a1" }));
    expect(first).toMatchObject({ runId: BASE, tags: { source: "cron", actor: "a1" } });
    const second = await ok(service.setTags(BASE, undefined, { actor: null, lastLog: "L-42" }));
    expect(second.tags).toEqual({ source: "cron", lastLog: "L-42" });
    expect((await ok(service.getJob(BASE))).tags).toEqual({ source: "cron", lastLog: "L-42" });
    // The client run is untouched.
    expect((await ok(service.getClientRun(BASE, CLIENT))).tags).toEqual({});
  });

  it("tags the job of a client run ID when no client is given", async () => {
    const { service } = await started();
    const job = await ok(service.setTags(`${BASE}-${CLIENT}`, undefined, { k: "v" }));
    expect(job).toMatchObject({ runId: BASE, tags: { k: "v" } });
    expect(job).not.toHaveProperty("clientId");
  });

  it("merges into the client run's tags when a client is given, by either ID form", async () => {
    const { service } = await started();
    const run = await ok(service.setTags(BASE, CLIENT, { source: "webhook" }));
    expect(run).toMatchObject({ clientId: CLIENT, tags: { source: "webhook" } });
    const again = await ok(service.setTags(`${BASE}-${CLIENT}`, CLIENT, { source: null, x: "1" }));
    expect(again.tags).toEqual({ x: "1" });
    expect((await ok(service.getJob(BASE))).tags).toEqual({});
  });

  it("removing a key that is absent changes nothing else", async () => {
    const { service } = await started();
    await ok(service.setTags(BASE, undefined, { a: "1" }));
    expect((await ok(service.setTags(BASE, undefined, { missing: null }))).tags).toEqual({
      a: "1",
    });
  });

  it("tags ended and stale runs (labels, not state) and never answers run-terminal", async () => {
    const { service, clock } = await started();
    await ok(service.startClientRun({ runId: BASE, clientId: "Dean-Hobin" }));
    await ok(service.completeClientRun(BASE, CLIENT, { status: "completed" }));
    clock.advance(3 * HOUR);
    const swept = await ok(service.sweepStaleRuns({ olderThanMs: HOUR }));
    expect(swept.jobs.map((j) => j.status)).toEqual(["stale"]);
    // Writes that are state are fenced off…
    expect((await fail(service.appendProgress(BASE, "Dean-Hobin", "late line"))).type).toBe(
      "run-terminal",
    );
    // …labels are not.
    const job = await ok(service.setTags(BASE, undefined, { reviewed: "yes" }));
    expect(job).toMatchObject({ status: "stale", tags: { reviewed: "yes" } });
    const ended = await ok(service.setTags(BASE, CLIENT, { reviewed: "yes" }));
    expect(ended).toMatchObject({ status: "completed", tags: { reviewed: "yes" } });
    const stale = await ok(service.setTags(BASE, "Dean-Hobin", { reviewed: "no" }));
    expect(stale).toMatchObject({ status: "stale", tags: { reviewed: "no" } });
  });

  it("sends one change with a token and no status precondition", async () => {
    const { store, changes } = recording(createMemoryStore());
    const { service } = await started(store);
    changes.length = 0;
    await ok(service.setTags(BASE, undefined, { a: "1" }));
    await ok(service.setTags(BASE, CLIENT, { b: null }));
    expect(changes).toHaveLength(2);
    for (const change of changes) {
      expect(change.token).toMatch(/^tok:/);
      expect(change).not.toHaveProperty("ifStatus");
      expect(change).not.toHaveProperty("status");
    }
    expect(changes.map((c) => c.tags)).toEqual([{ a: "1" }, { b: null }]);
  });

  describe("keeps every tag of 100 concurrent calls with distinct keys on one record", () => {
    const stores: [string, () => RunRecordStore][] = [
      ["the memory store", () => createMemoryStore()],
      // No atomic updates: reads, yields, then writes; the service must serialise per record.
      ["a store without atomic updates", () => racyStore()],
    ];
    for (const [name, make] of stores) {
      it(name, async () => {
        const { service } = await started(make());
        const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);
        const results = await Promise.all([
          ...keys.map((k) => service.setTags(BASE, undefined, { [k]: k.toUpperCase() })),
          ...keys.map((k) => service.setTags(BASE, CLIENT, { [k]: k })),
        ]);
        expect(results.every((r) => r.isOk())).toBe(true);
        const jobTags = (await ok(service.getJob(BASE))).tags;
        const runTags = (await ok(service.getClientRun(BASE, CLIENT))).tags;
        expect(jobTags).toEqual(Object.fromEntries(keys.map((k) => [k, k.toUpperCase()])));
        expect(runTags).toEqual(Object.fromEntries(keys.map((k) => [k, k])));
      });
    }
  });

  describe("refuses bad tags with invalid-argument naming the key, before any write", () => {
    const long = (n: number) => "x".repeat(n);
    const tooMany = Object.fromEntries(
      Array.from({ length: MAX_TAGS + 1 }, (_, i) => [`k${i}`, "v"]),
    );
    const cases: readonly [string, unknown, string][] = [
      ["not an object", "source=cron", "tags"],
      ["an array", [["source", "cron"]], "tags"],
      ["null", null, "tags"],
      ["a number value", { source: 1 }, "tags.source"],
      ["an undefined value", { source: undefined }, "tags.source"],
      ["a control character in a value", { source: "a\nb" }, "tags.source"],
      ["an invisible character in a key", { "sou\u200Brce": "a" }, "tags.sou\u200Brce"],
      ["an empty key", { "": "a" }, "tags."],
      ["a key too long", { [long(TAG_KEY_MAX_LENGTH + 1)]: "a" }, `tags.${long(129)}`],
      ["a value too long", { source: long(TAG_VALUE_MAX_LENGTH + 1) }, "tags.source"],
      ["too many tags", tooMany, "tags"],
    ];
    for (const [name, tags, field] of cases) {
      it(name, async () => {
        const { store, changes } = recording(createMemoryStore());
        const { service } = await started(store);
        changes.length = 0;
        for (const clientId of [undefined, CLIENT]) {
          // biome-ignore lint/suspicious/noExplicitAny: bad input on purpose, as from JavaScript
          const error = await fail(service.setTags(BASE, clientId as any, tags as any));
          expect(error).toMatchObject({ type: "invalid-argument", field });
        }
        expect(changes).toEqual([]);
      });
    }

    it("accepts the limits themselves", async () => {
      const { service } = await started();
      const atMost = Object.fromEntries(
        Array.from({ length: MAX_TAGS }, (_, i) => [`k${i}`, long(TAG_VALUE_MAX_LENGTH)]),
      );
      expect(Object.keys((await ok(service.setTags(BASE, undefined, atMost))).tags)).toHaveLength(
        MAX_TAGS,
      );
      const key = long(TAG_KEY_MAX_LENGTH);
      expect((await ok(service.setTags(BASE, CLIENT, { [key]: "" }))).tags).toEqual({ [key]: "" });
    });

    it("a tags object whose getter throws", async () => {
      const { service } = await started();
      const tags = {
        get source(): string {
          throw new Error("boom");
        },
      };
      expect(await fail(service.setTags(BASE, undefined, tags))).toMatchObject({
        type: "invalid-argument",
        field: "tags",
      });
    });
  });

  it("answers a bad run ID, a missing job and a missing client run as any write does", async () => {
    const { service } = await started();
    expect((await fail(service.setTags("UNKNOWN", undefined, { a: "1" }))).type).toBe(
      "invalid-run-id",
    );
    expect((await fail(service.setTags(BASE, "bad client", { a: "1" }))).type).toBe(
      "invalid-run-id",
    );
    expect((await fail(service.setTags(`${BASE}-Dean-Hobin`, CLIENT, { a: "1" }))).type).toBe(
      "client-mismatch",
    );
    expect((await fail(service.setTags("251007-070458", undefined, { a: "1" }))).type).toBe(
      "not-found",
    );
    expect((await fail(service.setTags(BASE, "Dean-Hobin", { a: "1" }))).type).toBe("not-found");
  });
});

describe("initial tags of startJob and startClientRun", () => {
  it("stores them on the new records", async () => {
    const { service } = serviceFixture();
    const { job } = await ok(service.startJob({ runId: BASE, tags: { source: "cron" } }));
    expect(job.tags).toEqual({ source: "cron" });
    const { run } = await ok(
      service.startClientRun({ runId: BASE, clientId: CLIENT, tags: { actor: "apify" } }),
    );
    expect(run.tags).toEqual({ actor: "apify" });
    const { run: plain } = await ok(
      service.startClientRun({ runId: BASE, clientId: "Dean-Hobin" }),
    );
    expect(plain.tags).toEqual({});
  });

  it("are not part of the same-payload comparison: a repeat returns the record with its tags as stored", async () => {
    const { service } = serviceFixture();
    await ok(service.startJob({ runId: BASE, stream: 1, tags: { source: "cron" } }));
    await ok(service.setTags(BASE, undefined, { source: "manual" }));
    const again = await ok(service.startJob({ runId: BASE, stream: 1, tags: { source: "cron" } }));
    expect(again).toMatchObject({ created: false, job: { tags: { source: "manual" } } });
    // A different stream is still a conflict.
    expect((await fail(service.startJob({ runId: BASE, stream: 2 }))).type).toBe("conflict");

    await ok(service.startClientRun({ runId: BASE, clientId: CLIENT, tags: { a: "1" } }));
    const repeat = await ok(
      service.startClientRun({ runId: BASE, clientId: CLIENT, tags: { a: "2" } }),
    );
    expect(repeat).toMatchObject({ created: false, run: { tags: { a: "1" } } });
  });

  it("refuses bad initial tags (no null: there is nothing to remove) naming the key", async () => {
    const { service } = serviceFixture();
    // biome-ignore lint/suspicious/noExplicitAny: bad input on purpose, as from JavaScript
    const nullTag = { source: null } as any;
    expect(await fail(service.startJob({ runId: BASE, tags: nullTag }))).toMatchObject({
      type: "invalid-argument",
      field: "tags.source",
    });
    expect((await fail(service.getJob(BASE))).type).toBe("not-found");
    await ok(service.startJob({ runId: BASE }));
    expect(
      await fail(service.startClientRun({ runId: BASE, clientId: CLIENT, tags: { k: "a\tb" } })),
    ).toMatchObject({ type: "invalid-argument", field: "tags.k" });
    expect((await fail(service.getClientRun(BASE, CLIENT))).type).toBe("not-found");
  });

  it("are found by listJobs' tag filter, as later setTags are", async () => {
    const { service } = serviceFixture();
    await ok(service.startJob({ runId: BASE, tags: { source: "cron" } }));
    await ok(service.startJob({ runId: "251007-070458" }));
    await ok(service.setTags("251007-070458", undefined, { source: "cron" }));
    const page = await ok(service.listJobs({ tags: { source: "cron" } }));
    expect(page.jobs.map((j) => j.runId).sort()).toEqual([BASE, "251007-070458"]);
  });
});
