import { err, ok, type Result } from "neverthrow";
import type { StoreError } from "../store/store-error.js";
import type { BaseClient } from "./base-client.js";
import { writeInBatches } from "./batcher.js";
import { anyOf, fieldEquals } from "./key-formula.js";
import type { AirtableMapping } from "./mapping.js";

/** How many times a batch whose outcome was unknown is re-read and re-sent. */
const UNKNOWN_OUTCOME_ROUNDS = 4;

/**
 * Appends event rows in batches of 10. A batch whose outcome is unknown (timeout, dropped
 * connection, 5xx) is re-read by its event tokens and only the missing rows are sent again, so a
 * retry never duplicates an event.
 * @returns the number of rows written
 */
export const appendEvents = (
  client: BaseClient,
  mapping: AirtableMapping,
  rows: readonly Record<string, string | number>[],
): Promise<Result<number, StoreError>> =>
  writeInBatches(rows, async (batch) => {
    let remaining = batch;
    let last: StoreError | undefined;
    for (let round = 0; round < UNKNOWN_OUTCOME_ROUNDS && remaining.length > 0; round++) {
      const sent = await client.create(mapping.tables.events, remaining);
      if (sent.isOk()) return ok(batch.map(() => 1));
      last = sent.error;
      if (sent.error.type !== "unavailable" || sent.error.outcome !== "unknown") {
        return err(sent.error);
      }
      const tokenField = mapping.eventFields.token;
      const formula = anyOf(remaining.map((row) => fieldEquals(tokenField, row[tokenField])));
      const found = await client.list(mapping.tables.events, formula);
      if (found.isErr()) return err(found.error);
      const present = new Set(found.value.map((r) => r.fields[tokenField]));
      remaining = remaining.filter((row) => !present.has(row[tokenField]));
    }
    return remaining.length === 0 ? ok(batch.map(() => 1)) : err(last as StoreError);
  }).then((r) => r.map((written) => written.length));
