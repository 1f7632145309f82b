import { okAsync } from "neverthrow";
import { describe, expect } from "vitest";
import type { RunRecordStore } from "../../store/port.js";
import type { ClientRunRecord, JobRecord } from "../../store/records.js";
import { baseId, clientId, newClientRun, newJob, T0 } from "../fixtures.js";
import { must } from "../must.js";
import { createSuiteContext, type DescribeRunRecordStoreOptions } from "../suite-context.js";

const GROUP = "copies";

/** Records are immutable copies both ways: neither the caller's objects nor later writes reach a record handed out. */
export function describeCopyCases(options: DescribeRunRecordStoreOptions): void {
  describe(GROUP, () => {
    const t = createSuiteContext(options, GROUP);
    const [m0, m1] = t.metrics;
    const base = baseId("251007-070457");
    const guy = clientId("Guy-Wilson");

    const richJob = (): JobRecord => ({
      ...newJob(base, "job", T0, 1),
      notes: ["started"],
      tags: { source: "test" },
    });
    const richRun = (): ClientRunRecord => ({
      ...newClientRun(base, guy, "run"),
      clientName: "Guy Wilson",
      metrics: { [m0]: 1 },
      operations: { lead_scoring: { status: "running", startedAt: T0 } },
      progress: [{ at: T0, message: "started" }],
      notes: ["note"],
      tags: { source: "test" },
    });
    const readAll = async (store: RunRecordStore) => ({
      job: await must(store.getJob(base)),
      run: await must(store.getClientRun(base, guy)),
      runs: await must(store.listClientRuns(base)),
      running: await must(store.listRunning()),
    });

    t.test("changing a record a store returned never changes the store", async (store) => {
      const handedOut: (JobRecord | ClientRunRecord)[] = [
        await must(store.createJob(richJob())),
        await must(store.createClientRun(richRun())),
      ];
      const expected = structuredClone(await readAll(store));
      const all = await readAll(store);
      handedOut.push(all.job as JobRecord, all.run as ClientRunRecord, ...all.runs);
      handedOut.push(...all.running.jobs, ...all.running.clientRuns);
      handedOut.push(...(await must(store.listJobs())).jobs);
      for (const record of handedOut) vandalise(record);
      tryTo(() => (all.runs as ClientRunRecord[]).push(richRun()));
      tryTo(() => (all.running.jobs as JobRecord[]).splice(0));
      expect(await readAll(store)).toEqual(expected);
    });

    t.test("changing the objects given to a create never changes the store", async (store) => {
      const job = richJob();
      const run = richRun();
      const expected = structuredClone({ job, run });
      // The caller reuses its objects (a template, a builder) as soon as each call returns: a store that kept
      // them, or buffered them to write later, would follow along.
      await must(store.createJob(job));
      vandalise(job);
      await must(store.createClientRun(run));
      vandalise(run);
      await must(store.flush?.() ?? okAsync(undefined));
      expect(await must(store.getJob(base))).toEqual(expected.job);
      expect(await must(store.getClientRun(base, guy))).toEqual(expected.run);
      expect(await must(store.listClientRuns(base))).toEqual([expected.run]);
    });

    t.test("changing a change or a link after the call never changes the store", async (store) => {
      const run = richRun();
      await must(store.createClientRun(run));
      const link = {
        provider: "apify",
        externalId: "X1",
        runId: base,
        clientId: guy,
        linkedAt: T0,
      };
      const change = {
        token: "one",
        at: T0 + 1,
        notes: ["one"],
        progress: [{ at: T0 + 1, message: "one" }],
        increments: { [m0]: 2 },
        tags: { step: "one" },
      };
      const expected = structuredClone({ run, link, change });
      await must(store.linkExternalRun(link));
      Object.assign(link, { clientId: clientId("Dean-Hobin"), linkedAt: 0 });
      await must(store.updateClientRun(base, guy, change));
      change.notes.push("vandal");
      change.progress[0] = { at: 0, message: "vandal" };
      change.increments[m0] = 99;
      change.tags.step = "vandal";
      await must(store.flush?.() ?? okAsync(undefined));
      const { run: r, change: c } = expected;
      expect(await must(store.getClientRun(base, guy))).toEqual({
        ...r,
        metrics: { [m0]: (r.metrics[m0] ?? 0) + (c.increments[m0] ?? 0) },
        progress: [...r.progress, ...c.progress],
        notes: [...r.notes, ...c.notes],
        tags: { ...r.tags, ...c.tags },
        lastActivityAt: c.at,
      });
      expect(await must(store.resolveExternalRun("apify", "X1"))).toEqual(expected.link);
    });

    t.test(
      "a record returned earlier does not change when the store changes later",
      async (store) => {
        const created = await must(store.createClientRun(richRun()));
        const createdJob = await must(store.createJob(richJob()));
        const read = await must(store.getClientRun(base, guy));
        const updated = (
          await must(store.updateClientRun(base, guy, { token: "one", at: T0 + 1, notes: ["one"] }))
        ).record;
        const snapshots = structuredClone({ created, createdJob, read, updated });
        await must(
          store.updateClientRun(base, guy, {
            token: "two",
            at: T0 + 2,
            status: "completed",
            increments: { [m0]: 5 },
            set: { [m1]: 2 },
            progress: [{ at: T0 + 2, message: "done" }],
            operations: { lead_scoring: { status: "completed", startedAt: T0, endedAt: T0 + 2 } },
            notes: ["two"],
            tags: { source: "changed", extra: "x" },
          }),
        );
        await must(
          store.updateJob(base, {
            token: "end",
            at: T0 + 2,
            status: "completed",
            notes: ["ended"],
            tags: { source: null },
          }),
        );
        expect({ created, createdJob, read, updated }).toEqual(snapshots);
      },
    );
  });
}

/** Tries every kind of change on a record and its nested objects; frozen ones throw in strict mode, which is fine. */
function vandalise(record: JobRecord | ClientRunRecord): void {
  const any = record as unknown as Record<string, unknown>;
  tryTo(() => {
    any.status = "failed";
  });
  tryTo(() => {
    any.lastActivityAt = 0;
  });
  tryTo(() => (record.notes as string[]).push("vandal"));
  tryTo(() => {
    (record.tags as Record<string, string>).source = "vandal";
  });
  tryTo(() => {
    (record.tags as Record<string, string>).vandal = "yes";
  });
  if (!("progress" in record)) return;
  tryTo(() => {
    (record.metrics as Record<string, number>).vandal = 1;
  });
  for (const name of Object.keys(record.metrics)) {
    tryTo(() => {
      (record.metrics as Record<string, number>)[name] = -1;
    });
  }
  tryTo(() => (record.progress as unknown[]).push({ at: 0, message: "vandal" }));
  for (const line of record.progress) {
    tryTo(() => {
      (line as { message: string }).message = "vandal";
    });
  }
  for (const state of Object.values(record.operations)) {
    tryTo(() => {
      (state as { status: string }).status = "failed";
    });
  }
  tryTo(() => {
    (record.operations as Record<string, unknown>).vandal = { status: "running" };
  });
}

function tryTo(change: () => unknown): void {
  try {
    change();
  } catch {
    // A frozen record refuses the change with a TypeError: that is one of the right answers.
  }
}
