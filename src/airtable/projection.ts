import { err, ok, type Result } from "neverthrow";
import type { ClientRunRecord, JobRecord } from "../store/records.js";
import type { StoreError } from "../store/store-error.js";
import type { AirtableRow, BaseClient } from "./base-client.js";
import { chunk, writeInBatches } from "./batcher.js";
import { allEqual, anyOf } from "./key-formula.js";
import type { AirtableMapping } from "./mapping.js";
import { type AirtableFieldValues, clientRunFields, jobFields } from "./record-codec.js";
import type { Held, Replica } from "./replica.js";

/**
 * Writes the Job Tracking and Client Run Results rows (the projection people read in Airtable)
 * from the confirmed state, upserting on the key fields in batches of 10 and skipping rows whose
 * fields have not changed since this process last wrote them.
 */
export class Projection {
  private readonly written = new Map<string, string>();

  constructor(
    private readonly client: BaseClient,
    private readonly mapping: AirtableMapping,
    private readonly replica: Replica,
  ) {}

  /** Upserts the rows of `held` records that changed. */
  async write(held: readonly Held[]): Promise<Result<void, StoreError>> {
    const jobs: [string, AirtableFieldValues][] = [];
    const runs: [string, AirtableFieldValues][] = [];
    for (const h of held) {
      const record = h.confirmed.record;
      if (!record) continue;
      const fields =
        h.key.kind === "job"
          ? jobFields(this.mapping, record as JobRecord)
          : clientRunFields(this.mapping, record as ClientRunRecord, this.apifyRunId(record));
      const text = JSON.stringify(fields);
      if (this.written.get(h.keyText) === text) continue;
      (h.key.kind === "job" ? jobs : runs).push([h.keyText, fields]);
    }
    const f = this.mapping.fields;
    const a = await this.upsert(this.mapping.tables.jobs, jobs, [f.runId]);
    if (a.isErr()) return a;
    return this.upsert(this.mapping.tables.clientRuns, runs, [f.runId, f.clientId]);
  }

  private apifyRunId(record: JobRecord | ClientRunRecord): string | undefined {
    if (!("clientId" in record)) return undefined;
    const links = this.replica.linksOf(record.baseRunId, record.clientId);
    return links.filter((l) => l.provider === "apify").sort((x, y) => x.linkedAt - y.linkedAt)[0]
      ?.externalId;
  }

  private async upsert(
    table: string,
    rows: [string, AirtableFieldValues][],
    mergeOn: readonly string[],
  ): Promise<Result<void, StoreError>> {
    const sent = await writeInBatches(rows, async (batch) => {
      const fields = batch.map(([, values]) => values);
      let result = await this.client.upsert(table, fields, mergeOn);
      // Several rows with one key (two processes created it at once on a base without unique
      // constraints) fail the upsert: keep the earliest, delete the rest, and try again.
      if (result.isErr() && result.error.type === "rejected") {
        const cleaned = await this.removeDuplicates(table, fields, mergeOn);
        if (cleaned.isErr()) return err(cleaned.error);
        if (cleaned.value > 0) result = await this.client.upsert(table, fields, mergeOn);
      }
      if (result.isErr()) return err(result.error);
      for (const [keyText, values] of batch) this.written.set(keyText, JSON.stringify(values));
      return ok(batch);
    });
    return sent.map(() => undefined);
  }

  /** Deletes every row but the winner (earliest createdTime, then record ID) per key; returns how many. */
  private async removeDuplicates(
    table: string,
    rows: readonly AirtableFieldValues[],
    mergeOn: readonly string[],
  ): Promise<Result<number, StoreError>> {
    const formula = anyOf(rows.map((row) => allEqual(mergeOn.map((f) => [f, row[f]] as const))));
    const found = await this.client.list(table, formula);
    if (found.isErr()) return err(found.error);
    const byKey = new Map<string, AirtableRow[]>();
    for (const row of found.value) {
      const k = JSON.stringify(mergeOn.map((f) => row.fields[f]));
      byKey.set(k, [...(byKey.get(k) ?? []), row]);
    }
    const losers: string[] = [];
    for (const group of byKey.values()) {
      group.sort((x, y) =>
        x.createdTime === y.createdTime
          ? x.id.localeCompare(y.id)
          : Date.parse(x.createdTime) - Date.parse(y.createdTime),
      );
      losers.push(...group.slice(1).map((r) => r.id));
    }
    for (const ids of chunk(losers)) {
      const removed = await this.client.remove(table, ids);
      if (removed.isErr()) return err(removed.error);
    }
    return ok(losers.length);
  }
}
