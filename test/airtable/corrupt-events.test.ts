import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventDecodeError } from "../../src/airtable/index.js";
import { encodeKey, jobKey } from "../../src/airtable/record-key.js";
import { baseId, newJob, T0 } from "../../src/testing/fixtures.js";
import { must } from "../../src/testing/must.js";
import type { AirtableServer } from "../support/airtable/index.js";
import { makeBase, makeStore, startServer } from "./harness.js";

let server: AirtableServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const job = baseId("251007-070457");

/** Appends a row to the events table the way someone editing the base by hand would. */
const plantEvent = async (changes: string): Promise<string> => {
  const created = await makeBase(server)("Run Events").create({
    Key: encodeKey(jobKey(job)),
    Job: job,
    Token: "evHandEdited",
    Changes: changes,
    At: T0,
  });
  return created.getId();
};

describe("an events-table row edited by hand", () => {
  it.each([
    ["truncated JSON", '[{"t":"change","token":"x"'],
    [
      "notes that are not a list",
      '[{"t":"change","token":"x","change":{"token":"x","at":1,"notes":5}}]',
    ],
    [
      "a text increment",
      '[{"t":"change","token":"x","change":{"token":"x","at":1,"increments":{"a":"9"}}}]',
    ],
  ])(
    "(%s) is reported once and skipped; the record folds from the other events",
    async (_, cell) => {
      const writer = makeStore(server);
      await must(writer.createJob(newJob(job, "j")));
      await must(writer.updateJob(job, { token: "n1", at: T0 + 1, notes: ["kept"] }));
      await must(writer.close());
      const rowId = await plantEvent(cell);

      const skipped: EventDecodeError[] = [];
      const reader = makeStore(server, { onSkippedEvent: (e) => skipped.push(e) });
      const read = await must(reader.getJob(job));
      expect(read?.notes).toEqual(["kept"]);
      // Later rounds read the job back again: the row is still skipped, and reported only once.
      await must(reader.updateJob(job, { token: "n2", at: T0 + 2, notes: ["after"] }));
      await must(reader.flush());
      expect((await must(reader.getJob(job)))?.notes).toEqual(["kept", "after"]);
      await must(reader.close());
      expect(skipped).toHaveLength(1);
      expect(skipped[0]).toMatchObject({ type: "unreadable-event", rowId, value: cell });
    },
  );
});
