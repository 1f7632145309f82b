import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultAirtableMapping, type EventDecodeError } from "../../src/airtable/index.js";
import { encodeKey, jobKey } from "../../src/airtable/record-key.js";
import { baseId, clientId, newClientRun, newJob, T0 } from "../../src/testing/fixtures.js";
import { must } from "../../src/testing/must.js";
import type { AirtableServer, TableSchema } from "../support/airtable/index.js";
import { defaultTestSchema } from "../support/airtable-schema.js";
import { BASE, makeBase, makeStore, startServer } from "./harness.js";

const { jobs, clientRuns } = defaultAirtableMapping.tables;
const cell = (server: AirtableServer, table: string, runId: string, field = "Tags") =>
  server.records(BASE, table).find((r) => r.fields["Run ID"] === runId)?.fields[field];

/** The default schema with the Tags field renamed (or dropped, for `to: undefined`) on both run tables. */
const schemaWithTags = (to: string | undefined): Record<string, TableSchema> => {
  const schema = defaultTestSchema();
  for (const table of [jobs, clientRuns]) {
    const { Tags: tags, ...rest } = (schema[table] as TableSchema).fields;
    schema[table] = { fields: to === undefined ? rest : { ...rest, [to]: tags as never } };
  }
  return schema;
};

describe("tags on the Airtable store", () => {
  let server: AirtableServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("merge through the events, land in the Tags cell as JSON, and read back in another process", async () => {
    const run = baseId("251007-070001");
    const client = clientId("Guy-Wilson");
    const writer = makeStore(server);
    await must(writer.createJob({ ...newJob(run, "j"), tags: { source: "cron" } }));
    await must(writer.createClientRun(newClientRun(run, client, "c")));
    await must(writer.updateJob(run, { token: "t1", at: T0 + 1, tags: { actor: "a1" } }));
    await must(
      writer.updateJob(run, { token: "t2", at: T0 + 2, tags: { source: null, "Last Log": "x" } }),
    );
    await must(writer.updateClientRun(run, client, { token: "t3", at: T0 + 3, tags: { k: "v" } }));
    await must(writer.flush());
    expect(JSON.parse(String(cell(server, jobs, run)))).toEqual({ actor: "a1", "Last Log": "x" });
    expect(JSON.parse(String(cell(server, clientRuns, `${run}-${client}`)))).toEqual({ k: "v" });

    const reader = makeStore(server);
    expect((await must(reader.getJob(run)))?.tags).toEqual({ actor: "a1", "Last Log": "x" });
    expect((await must(reader.getClientRun(run, client)))?.tags).toEqual({ k: "v" });
    // Removing the last tag blanks the cell.
    await must(reader.updateClientRun(run, client, { token: "t4", at: T0 + 4, tags: { k: null } }));
    await must(reader.close());
    await must(writer.close());
    expect(cell(server, clientRuns, `${run}-${client}`)).toBeUndefined();
  });

  it("a record without tags leaves the cell blank", async () => {
    const run = baseId("251007-070002");
    const store = makeStore(server);
    await must(store.createJob(newJob(run, "j")));
    await must(store.close());
    expect(cell(server, jobs, run)).toBeUndefined();
    expect((await must(makeStore(server).getJob(run)))?.tags).toEqual({});
  });

  it("a create event written before tags existed reads back with no tags", async () => {
    const run = baseId("251007-070003");
    const { tags: _, ...old } = newJob(run, "old");
    await makeBase(server)("Run Events").create({
      Key: encodeKey(jobKey(run)),
      Job: run,
      Token: "evOld",
      Changes: JSON.stringify([{ t: "create", token: "old", record: old }]),
      At: T0,
      Created: T0,
    });
    const job = await must(makeStore(server).getJob(run));
    expect(job?.tags).toEqual({});
    expect(Object.isFrozen(job?.tags)).toBe(true);
  });

  it("an event whose tags are not string pairs is reported and skipped", async () => {
    const run = baseId("251007-070004");
    await makeBase(server)("Run Events").create({
      Key: encodeKey(jobKey(run)),
      Job: run,
      Token: "evBad",
      Changes: JSON.stringify([
        { t: "create", token: "bad", record: { ...newJob(run, "bad"), tags: { n: 5 } } },
      ]),
      At: T0,
    });
    const skipped: EventDecodeError[] = [];
    const store = makeStore(server, { onSkippedEvent: (e) => skipped.push(e) });
    expect(await must(store.getJob(run))).toBeUndefined();
    expect(skipped[0]?.message).toContain("tags.n must be a string");
  });
});

describe("the Tags field of a base", () => {
  it("is renamed through `fields.tags`", async () => {
    const server = await startServer({ bases: { [BASE]: schemaWithTags("Labels") } });
    const run = baseId("251007-070005");
    const store = makeStore(server, { fields: { tags: "Labels" } });
    await must(store.createJob({ ...newJob(run, "j"), tags: { team: "ops" } }));
    await must(store.close());
    expect(cell(server, jobs, run, "Labels")).toBe('{"team":"ops"}');
    await server.close();
  });

  it("when missing, flush and close are `rejected` naming it; nothing is lost and the rows follow once it exists", async () => {
    const server = await startServer({ bases: { [BASE]: schemaWithTags(undefined) } });
    const run = baseId("251007-070006");
    const store = makeStore(server);
    await must(store.createJob({ ...newJob(run, "j"), tags: { team: "ops" } }));
    const flushed = await store.flush();
    expect(flushed._unsafeUnwrapErr()).toMatchObject({ type: "rejected" });
    expect(flushed._unsafeUnwrapErr().message).toContain('unknown field name "Tags"');
    expect((await store.close()).isErr()).toBe(true);
    // The events table has everything: another process reads the tags back.
    expect((await must(makeStore(server).getJob(run)))?.tags).toEqual({ team: "ops" });
    await server.close();
  });
});
