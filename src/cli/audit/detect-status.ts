import type { ResolvedAuditOptions } from "./audit-options.js";
import { type ExportRow, textOf } from "./export-rows.js";
import type { Finding } from "./findings.js";

/** The known status label a value means, matching case- and space-insensitively; undefined if none. */
export const canonicalStatus = (
  value: string,
  options: ResolvedAuditOptions,
): string | undefined => {
  const squash = (text: string): string => text.trim().replace(/\s+/g, " ").toLowerCase();
  return Object.values(options.mapping.statuses).find((label) => squash(label) === squash(value));
};

/** Flags a status that is not one of the mapping's labels; fixable when only case or spacing differ. */
export const detectUnknownStatus = (
  row: ExportRow,
  table: string,
  options: ResolvedAuditOptions,
): Finding | undefined => {
  const status = textOf(row.fields[options.mapping.fields.status]);
  if (status === undefined) return undefined;
  const known = canonicalStatus(status, options);
  if (known === status) return undefined;
  const message =
    known === undefined
      ? `status '${status}' is not one of ${Object.values(options.mapping.statuses)
          .filter((s, i, all) => all.indexOf(s) === i)
          .join(", ")}; fix it by hand`
      : `status '${status}' should read '${known}'`;
  return {
    kind: "unknown-status",
    table,
    recordIds: [row.id],
    value: status,
    message,
    fixable: known !== undefined,
  };
};

/** When a record started, epoch ms: its Start Time field, else its creation time; undefined if neither parses. */
export const startedAt = (
  fields: Readonly<Record<string, unknown>>,
  createdTime: string | undefined,
  options: ResolvedAuditOptions,
): number | undefined => {
  for (const text of [textOf(fields[options.mapping.fields.startTime]), createdTime]) {
    if (text === undefined) continue;
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return ms;
  }
  return undefined;
};

/** True when fields say `Running` (after fixing case) and the run started more than `staleAfterMs` ago. */
export const isStale = (
  fields: Readonly<Record<string, unknown>>,
  createdTime: string | undefined,
  options: ResolvedAuditOptions,
): boolean => {
  const status = textOf(fields[options.mapping.fields.status]);
  if (
    status === undefined ||
    canonicalStatus(status, options) !== options.mapping.statuses.running
  ) {
    return false;
  }
  const start = startedAt(fields, createdTime, options);
  return start !== undefined && options.now - start > options.staleAfterMs;
};

/** Flags a record `Running` for longer than the stale threshold. */
export const detectStale = (
  row: ExportRow,
  table: string,
  options: ResolvedAuditOptions,
): Finding | undefined => {
  if (!isStale(row.fields, row.createdTime, options)) return undefined;
  const start = startedAt(row.fields, row.createdTime, options) ?? 0;
  const hours = ((options.now - start) / 3_600_000).toFixed(1);
  const message = `Running for ${hours} h (since ${new Date(start).toISOString()}); the plan marks it '${options.mapping.statuses.stale}'`;
  return { kind: "stale-run", table, recordIds: [row.id], message, fixable: true };
};
