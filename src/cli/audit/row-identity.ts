import {
  type ClientId,
  type LegacyRunId,
  legacyReadingFor,
  parseClientId,
  parseRunId,
  withClient,
} from "../../index.js";
import { LEGACY_ACK_PREFIX, type ResolvedAuditOptions } from "./audit-options.js";
import { deriveBaseRunId, leadingBaseRunId } from "./derive-run-id.js";
import { type ExportRow, isBlank, textOf } from "./export-rows.js";
import type { Finding, FindingKind } from "./findings.js";

/** What the audit concluded about one record's identity, and the field values that would fix it. */
export interface RowIdentity {
  readonly row: ExportRow;
  /** Findings about the Run ID and Client ID fields. */
  readonly findings: readonly Finding[];
  /** Identity used to group duplicates (after fixes); undefined when unknown. */
  readonly key?: string;
  /** The canonical base run ID after fixes; undefined for legacy or unknown IDs. */
  readonly baseRunId?: string;
  /** Field name → corrected value, for the fixes the plan can make. */
  readonly fixes: Readonly<Record<string, string>>;
  /** A note line to append (acknowledging a legacy ID). */
  readonly note?: string;
}

interface Draft {
  findings: Finding[];
  fixes: Record<string, string>;
  note?: string;
}

const add = (
  draft: Draft,
  table: string,
  row: ExportRow,
  kind: FindingKind,
  message: string,
  fixable: boolean,
  value?: string,
): void => {
  draft.findings.push({ kind, table, recordIds: [row.id], message, fixable, value });
};

const rawRunId = (row: ExportRow, field: string): string | undefined => textOf(row.fields[field]);

const errorKind = (type: string): FindingKind =>
  type === "placeholder"
    ? "placeholder-run-id"
    : type === "empty"
      ? "missing-run-id"
      : "malformed-run-id";

const legacyIdentity = (
  draft: Draft,
  table: string,
  row: ExportRow,
  legacy: LegacyRunId,
  raw: string,
  options: ResolvedAuditOptions,
): void => {
  const notesField = options.mapping.fields.systemNotes;
  if (legacy.repairs.includes("double-suffix")) {
    draft.fixes[options.mapping.fields.runId] = legacy.raw;
    add(draft, table, row, "double-suffix", `collapse to ${legacy.raw}`, true, raw);
  }
  const acked = textOf(row.fields[notesField])?.includes(LEGACY_ACK_PREFIX) ?? false;
  if (!acked) {
    draft.note = `${LEGACY_ACK_PREFIX} (${legacy.format}: ${legacy.raw})`;
    const message = `legacy ${legacy.format} run ID: kept as recorded, never re-timestamped; the plan notes it as reviewed`;
    add(draft, table, row, "legacy-run-id", message, true, raw);
  }
};

/** Analyses the Run ID of a Job Tracking record. */
export const jobIdentity = (row: ExportRow, options: ResolvedAuditOptions): RowIdentity => {
  const { fields, tables } = options.mapping;
  const table = tables.jobs;
  const draft: Draft = { findings: [], fixes: {} };
  const raw = rawRunId(row, fields.runId);
  // A Run ID of the wrong type (a lookup array) is a wrong-type finding; nothing is derived over it.
  if (raw === undefined && !isBlank(row.fields[fields.runId])) return { row, ...draft };
  const derive = (kind: FindingKind, detail: string): RowIdentity => {
    const own = leadingBaseRunId(raw);
    const base = own ?? deriveBaseRunId([row.fields[fields.systemNotes]]);
    if (base !== undefined) draft.fixes[fields.runId] = base;
    const how =
      base === undefined
        ? "cannot be derived from the record; fix it by hand"
        : `rewrite as ${base} (from ${own === undefined ? "the notes" : "its own timestamp"})`;
    add(draft, table, row, kind, `${detail}; ${how}`, base !== undefined, raw);
    return { row, ...draft, key: base, baseRunId: base };
  };
  if (raw === undefined) return derive("missing-run-id", "no Run ID");
  const parsed = parseRunId(raw);
  if (parsed.isErr()) return derive(errorKind(parsed.error.type), parsed.error.message);
  const value = parsed.value;
  if (value.kind === "legacy") {
    legacyIdentity(draft, table, row, value, raw, options);
    return { row, ...draft, key: `legacy\u0000${value.raw}` };
  }
  if (value.kind === "client") {
    return derive("malformed-run-id", `a client run ID in ${table}`);
  }
  if (value.runId !== raw) {
    draft.fixes[fields.runId] = value.runId;
    const message = `not canonical (${value.repairs.join(", ")}); rewrite as ${value.runId}`;
    add(draft, table, row, "non-canonical-run-id", message, true, raw);
  }
  return { row, ...draft, key: value.runId, baseRunId: value.runId };
};

/** Analyses the Run ID and Client ID of a Client Run Results record. */
export const clientRunIdentity = (row: ExportRow, options: ResolvedAuditOptions): RowIdentity => {
  const { fields, tables } = options.mapping;
  const table = tables.clientRuns;
  const draft: Draft = { findings: [], fixes: {} };
  const raw = rawRunId(row, fields.runId);
  if (raw === undefined && !isBlank(row.fields[fields.runId])) return { row, ...draft };
  const rawClient = textOf(row.fields[fields.clientId]);
  const fieldClient = rawClient === undefined ? undefined : parseClientId(rawClient);
  // Only an exact client ID counts: a padded or re-cased one is refused, then taken from the Run ID.
  let client: ClientId | undefined =
    fieldClient?.isOk() && fieldClient.value === rawClient ? fieldClient.value : undefined;
  const identity = (base: string | undefined, clientId: string | undefined): RowIdentity => ({
    row,
    ...draft,
    key: base !== undefined && clientId !== undefined ? `${base}\u0000${clientId}` : undefined,
    baseRunId: base,
  });
  const missingClient = (fix: ClientId | undefined): void => {
    const what = rawClient === undefined ? "no Client ID" : `Client ID '${rawClient}' is not valid`;
    if (fix !== undefined) draft.fixes[fields.clientId] = fix;
    const how = fix === undefined ? "fix it by hand" : `take '${fix}' from the Run ID`;
    add(draft, table, row, "missing-client-id", `${what}; ${how}`, fix !== undefined, rawClient);
  };
  const derive = (kind: FindingKind, detail: string): RowIdentity => {
    const own = leadingBaseRunId(raw);
    const base =
      own ??
      deriveBaseRunId([
        row.fields[fields.systemNotes],
        row.fields[fields.progressLog],
        row.fields[fields.errorDetails],
      ]);
    const fixed = base !== undefined && client !== undefined ? withClient(base, client) : undefined;
    if (fixed?.isOk()) draft.fixes[fields.runId] = fixed.value;
    const how = fixed?.isOk()
      ? `rewrite as ${fixed.value} (from ${own === undefined ? "the record's notes" : "its own timestamp"})`
      : "cannot be derived from the record; fix it by hand";
    add(draft, table, row, kind, `${detail}; ${how}`, fixed?.isOk() === true, raw);
    if (client === undefined) missingClient(undefined);
    return identity(fixed?.isOk() ? base : undefined, client);
  };
  if (raw === undefined) return derive("missing-run-id", "no Run ID");
  const parsed = parseRunId(raw);
  if (parsed.isErr()) return derive(errorKind(parsed.error.type), parsed.error.message);
  const parsedValue = parsed.value;
  // A legacy `C` suffix is ambiguous (`…-CJ-Smith`: client CJ-Smith, or J-Smith with the marker):
  // the record's own Client ID chooses among the readings.
  const value =
    parsedValue.kind === "legacy" && client !== undefined
      ? (legacyReadingFor(parsedValue, client) ?? parsedValue)
      : parsedValue;
  if (value.kind === "legacy") {
    legacyIdentity(draft, table, row, value, raw, options);
    if (client === undefined) {
      missingClient(value.clientId);
      client = value.clientId;
    } else if (value.clientId !== undefined && value.clientId !== client) {
      const message = `legacy Run ID names client '${value.clientId}' but Client ID is '${client}'; legacy IDs are never rewritten: fix by hand`;
      add(draft, table, row, "client-mismatch", message, false, raw);
    }
    return { row, ...draft, key: `legacy\u0000${value.raw}\u0000${client ?? ""}` };
  }
  const base = value.kind === "client" ? value.baseRunId : value.runId;
  if (client === undefined) {
    missingClient(value.kind === "client" ? value.clientId : undefined);
    client = value.kind === "client" ? value.clientId : undefined;
  }
  if (client === undefined) return identity(undefined, undefined);
  const target = withClient(base, client);
  if (target.isErr()) return identity(undefined, undefined);
  if (value.kind === "client" && value.clientId !== client) {
    const fixable = options.mismatchPolicy === "client-field";
    if (fixable) draft.fixes[fields.runId] = target.value;
    const how = fixable ? `rewrite as ${target.value} (the Client ID field wins)` : "fix by hand";
    const message = `Run ID names client '${value.clientId}' but Client ID is '${client}'; ${how}`;
    add(draft, table, row, "client-mismatch", message, fixable, raw);
    return identity(fixable ? base : undefined, fixable ? client : undefined);
  }
  if (value.repairs.includes("double-suffix")) {
    add(draft, table, row, "double-suffix", `collapse to ${target.value}`, true, raw);
  } else if (target.value !== raw) {
    const repairs = value.kind === "base" ? ["missing client suffix"] : value.repairs;
    const message = `not canonical (${repairs.join(", ")}); rewrite as ${target.value}`;
    add(draft, table, row, "non-canonical-run-id", message, true, raw);
  }
  if (target.value !== raw) draft.fixes[fields.runId] = target.value;
  return identity(base, client);
};
