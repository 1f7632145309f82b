import { MINIMUM_REQUESTS, measureAirtableRun } from "../bench/airtable.bench.js";

const show = (fields: Readonly<Record<string, unknown>>): string =>
  Object.entries(fields)
    .map(([name, value]) => {
      const text = String(value);
      const lines = text.split("\n");
      return `  ${name}: ${lines.length > 2 ? `${lines[0]} … (${lines.length} lines)` : text}`;
    })
    .join("\n");

/**
 * Runs the standard run (DESIGN.md section 6) through the Airtable store against a local
 * Airtable-compatible server that enforces 5 requests/s, using the real airtable client.
 * @returns the requests sent, the elapsed time at 5 requests/s, whether the result is exact, and two rows as stored
 */
export async function demoAirtableRun(): Promise<string> {
  const figures = await measureAirtableRun();
  const kinds = Object.entries(figures.byKind)
    .map(([kind, n]) => `  ${kind}: ${n}`)
    .join("\n");
  return [
    "The standard run (1 job, 50 clients × 3 operations, retried webhooks) through the Airtable",
    "store, against a local Airtable-compatible server limited to 5 requests/s:",
    "",
    `Requests sent: ${figures.requests} (the least possible is ${MINIMUM_REQUESTS}; 429s received: ${figures.rateLimited})`,
    kinds,
    `Elapsed at 5 requests/s: ${(figures.elapsedMs / 1000).toFixed(1)} s (virtual clock: rate-limit waits measured, not slept)`,
    `Totals exact: ${figures.exact ? "yes" : `no: ${figures.mismatches.join("; ")}`}`,
    "",
    "Job Tracking row:",
    show(figures.rows[0] ?? {}),
    "",
    "First Client Run Results row:",
    show(figures.rows[1] ?? {}),
  ].join("\n");
}
