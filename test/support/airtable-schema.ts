import { type AirtableMapping, defaultAirtableMapping } from "../../src/airtable/mapping.js";
import type { TableSchema } from "./airtable/types.js";

/**
 * The local server's schema for one base under `mapping`: Job Tracking, Client Run Results (with
 * the read-only formula fields of the real base) and the store's events table (with its
 * autoNumber sequence field).
 * @param mapping the store mapping the schema must accept
 * @default mapping defaultAirtableMapping
 * @returns table name → table schema, to put under a base ID in `startAirtableServer({ bases })`
 */
export const defaultTestSchema = (
  mapping: AirtableMapping = defaultAirtableMapping,
): Record<string, TableSchema> => {
  const f = mapping.fields;
  const e = mapping.eventFields;
  const choices = [...new Set(Object.values(mapping.statuses))];
  const status = { type: "singleSelect", options: { choices } } as const;
  const text = { type: "singleLineText" } as const;
  const long = { type: "multilineText" } as const;
  const time = { type: "dateTime" } as const;
  const num = { type: "number" } as const;
  const metrics = Object.fromEntries(Object.values(mapping.metrics).map((name) => [name, num]));
  return {
    [mapping.tables.jobs]: {
      fields: {
        [f.runId]: text,
        [f.status]: status,
        [f.stream]: num,
        [f.startTime]: time,
        [f.endTime]: time,
        [f.systemNotes]: long,
        [f.tags]: long,
      },
    },
    [mapping.tables.clientRuns]: {
      fields: {
        [f.runId]: text,
        [f.clientId]: text,
        [f.clientName]: text,
        [f.status]: status,
        [f.startTime]: time,
        [f.endTime]: time,
        [f.progressLog]: long,
        [f.systemNotes]: long,
        [f.apifyRunId]: text,
        [f.errorDetails]: long,
        [f.tags]: long,
        ...metrics,
        // Read-only formula fields of the real base: the store must never write them.
        Duration: {
          type: "formula",
          options: { formula: `{${f.endTime}} - {${f.startTime}}` },
        },
      },
    },
    [mapping.tables.events]: {
      fields: {
        [e.key]: text,
        [e.job]: text,
        [e.token]: text,
        [e.link]: text,
        [e.changes]: long,
        [e.at]: num,
        [e.created]: num,
        // Read-only, numbered by the base: the store folds events in this order.
        [e.sequence]: { type: "autoNumber" },
      },
    },
  };
};
