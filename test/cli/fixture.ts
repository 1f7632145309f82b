import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defaultAirtableMapping } from "../../src/airtable/mapping.js";
import type { ExportRow, RunTables } from "../../src/cli/audit/export-rows.js";
import { createMemoryGateway, type MemoryGateway } from "../../src/cli/repair/memory-gateway.js";

/** Path of a fixture export. */
export const fixturePath = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/exports/${name}`, import.meta.url));

/** The planted-defects export, as parsed JSON. */
export const damagedExport = (): Record<string, { records: ExportRow[] }> =>
  JSON.parse(readFileSync(fixturePath("damaged.json"), "utf8"));

/** The findings planted in damaged.json: [kind, table, record IDs], and the audit moment. */
export const damagedExpected = (): {
  now: string;
  findings: [string, string, string[]][];
} => JSON.parse(readFileSync(fixturePath("damaged.expected.json"), "utf8"));

/** The planted-defects export as run tables. */
export const damagedTables = (): RunTables => {
  const json = damagedExport();
  const { jobs, clientRuns } = defaultAirtableMapping.tables;
  return {
    jobs: { rows: json[jobs]?.records ?? [], unreadable: [] },
    clientRuns: { rows: json[clientRuns]?.records ?? [], unreadable: [] },
  };
};

/** The audit moment of damaged.json, epoch ms. */
export const damagedNow = (): number => Date.parse(damagedExpected().now);

/** A finding reduced to what the expectations list: kind, table, sorted record IDs. */
export const findingKey = (f: {
  kind: string;
  table: string;
  recordIds: readonly string[];
}): string => `${f.kind} | ${f.table} | ${[...f.recordIds].sort().join(",")}`;

/** An in-memory repair target holding `tables`, on a fixed clock. */
export const gatewayOf = (tables: RunTables, now: number): MemoryGateway => {
  const { jobs, clientRuns } = defaultAirtableMapping.tables;
  return createMemoryGateway(
    new Map([
      [jobs, tables.jobs.rows],
      [clientRuns, tables.clientRuns.rows],
    ]),
    () => now,
  );
};

/** What an in-memory repair target holds now, as run tables. */
export const tablesOf = (gateway: MemoryGateway): RunTables => {
  const { jobs, clientRuns } = defaultAirtableMapping.tables;
  return {
    jobs: { rows: gateway.tables.get(jobs) ?? [], unreadable: [] },
    clientRuns: { rows: gateway.tables.get(clientRuns) ?? [], unreadable: [] },
  };
};
