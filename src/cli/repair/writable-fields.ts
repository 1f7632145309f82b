import type { AirtableMapping } from "../../airtable/mapping.js";

/**
 * The fields a repair may write: those the mapping names (run ID, status, times, notes, log,
 * metrics…). Anything else may be a computed field (Duration, success rates) that Airtable refuses.
 */
export const writableFields = (mapping: AirtableMapping): ReadonlySet<string> =>
  new Set([...Object.values(mapping.fields), ...Object.values(mapping.metrics)]);
