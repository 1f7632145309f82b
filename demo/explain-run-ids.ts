import { normalizeRunId, parseRunId } from "../src/index.js";

/** Run IDs as they appear in the existing records, logs and code (DESIGN.md §3), good and bad. */
export const sampleRunIds: readonly unknown[] = [
  "251007-070457",
  "250926-124530",
  "251007-070457-Guy-Wilson",
  "250924-152230-Dean-Hobin",
  "251007-070457-guy-wilson",
  "251007-070457-Zoë-Müller",
  "  251007-070457-Guy-Wilson\n",
  "251007-070457.0",
  "251007-070457:Guy-Wilson",
  "251007-070457-Guy-Wilson-Guy-Wilson",
  "251007-070457-batch-all-clients-Guy-Wilson",
  "SR-250924-001-T3304-S1-CDean-Hobin",
  "SR-250924-001-T3304-S1-Guy-Wilson",
  "SR-250922-001",
  "8MSTBAfqMzuXPvgB3",
  "8MSTBAfqMzuXPvgB3-CGuy-Wilson",
  "8MSTBAfqMzuXPvgB3-CGuy-Wilson-CGuy-Wilson",
  "OYkC0ZbuWPOvwkLid-Dean-Hobin",
  "OYkC0ZbuWPOvwkLid-Dean-Hobin-Dean-Hobin",
  "apify-MJPZZeJ7yghyvcmRB",
  "job_post_scoring_stream1_20250929094802",
  "job_post_scoring_bypass_1717146242405",
  "job_lead_scoring_1717146242405",
  "post_batch_standalone_1717146242405",
  "post_batch_1717146242405",
  "UNKNOWN",
  "standalone",
  "validation",
  "251399-256199-Guy",
  "250229-120000",
  "",
  251007070457,
  null,
];

interface Row {
  readonly input: string;
  readonly kind: string;
  readonly base: string;
  readonly client: string;
  readonly repairs: string;
  readonly outcome: string;
}

/**
 * Explains each value as the library reads it: its kind, base and client, what lenient parsing
 * repaired, and what `normalizeRunId` makes of it (the canonical ID or the error).
 * @returns a plain-text table, one row per value
 */
export function explainRunIds(ids: readonly unknown[]): string {
  const rows = ids.map(explainOne);
  const header: Row = {
    input: "input",
    kind: "kind",
    base: "base",
    client: "client",
    repairs: "repairs",
    outcome: "normalizeRunId",
  };
  const columns = Object.keys(header) as (keyof Row)[];
  const width = (k: keyof Row): number => Math.max(...[header, ...rows].map((r) => r[k].length));
  const line = (r: Row): string =>
    columns
      .map((k, i) => (i === columns.length - 1 ? r[k] : r[k].padEnd(width(k))))
      .join("  ")
      .trimEnd();
  const rule = columns.map((k) => "-".repeat(width(k))).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}

function explainOne(value: unknown): Row {
  const input = typeof value === "string" ? JSON.stringify(value) : `<${typeName(value)}>`;
  const parsed = parseRunId(value);
  const normalized = normalizeRunId(value);
  const outcome = normalized.match(
    (id) => id,
    (e) => `${e.type}: ${e.message}`,
  );
  if (parsed.isErr()) {
    return { input, kind: "-", base: "-", client: "-", repairs: "-", outcome };
  }
  const p = parsed.value;
  const repairs = p.repairs.length === 0 ? "-" : p.repairs.join(", ");
  if (p.kind === "legacy") {
    const kind = `legacy ${p.format}`;
    return { input, kind, base: p.stem, client: p.clientId ?? "-", repairs, outcome };
  }
  const base = p.kind === "client" ? p.baseRunId : p.runId;
  const client = p.kind === "client" ? p.clientId : "-";
  return { input, kind: p.kind, base, client, repairs, outcome };
}

const typeName = (v: unknown): string => (v === null ? "null" : typeof v);
