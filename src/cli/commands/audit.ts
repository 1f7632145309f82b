import { err, ok, type Result } from "neverthrow";
import { flag, type ParsedArgs, parseCommandArgs, stringOption, stringOptions } from "../args.js";
import { DEFAULT_STALE_AFTER_MS } from "../audit/audit-options.js";
import { type AuditReport, auditRecords, summarize } from "../audit/audit-records.js";
import { auditMemorySnapshot } from "../audit/audit-store-records.js";
import type { Finding } from "../audit/findings.js";
import { loadSnapshotFile } from "../audit/load-snapshot.js";
import { type CliError, usageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { parseDuration } from "../duration.js";
import { loadMapping } from "../load-mapping.js";
import { type CommandOutput, output } from "../outcome.js";
import { formatReport } from "../output/format-report.js";
import { auditPostgres } from "../postgres/audit-postgres.js";
import {
  namesPostgres,
  postgresHelp,
  postgresOptionSpec,
  readPostgresLocation,
} from "../postgres/postgres-options.js";
import { openSource } from "../source/open-source.js";
import { readSourceSpec, sourceHelp, sourceOptionSpec } from "../source/source-options.js";

/** Help text of `run-records audit`. */
export const auditHelp = `Usage: run-records audit (--file <path>... | --airtable --base <appId> |
                         --snapshot <path> | --postgres <url> | --pglite <dir>) [options]

Reads the Job Tracking and Client Run Results tables and reports every finding
with the record IDs involved: unreadable rows, missing/placeholder/malformed/
legacy Run IDs, double suffixes, non-canonical IDs, Run ID vs Client ID
disagreement, missing Client IDs, duplicate records per key, client runs whose
job is missing, runs Running longer than --stale-after, unknown status values.
A summary table comes first, then the findings.

${sourceHelp}
Or, instead of --file/--airtable (the names above still apply):
  --snapshot <path>        a memory-store snapshot: the JSON text of
                           JSON.stringify(store.snapshot()), e.g. written by
                           npm run demo -- --save <path>
Or a PostgreSQL store (its schema version is reported too):
${postgresHelp}
Options:
  --stale-after <duration>  e.g. 2h, 90m (default 2h)
  --json                    the report as JSON
  -h, --help                show this help

Exit code: 0 when nothing is found, 1 when something is (or the source cannot
be read), 2 for usage errors. A progress bar is drawn on stderr only when
stderr is a terminal.`;

/** Runs `run-records audit`. */
export const runAudit = async (
  args: readonly string[],
  context: CliContext,
): Promise<Result<CommandOutput, CliError>> => {
  const parsed = parseCommandArgs("audit", args, {
    ...sourceOptionSpec,
    snapshot: { type: "string" },
    ...postgresOptionSpec,
    "stale-after": { type: "string" },
    json: { type: "boolean" },
  });
  if (parsed.isErr()) return err(parsed.error);
  if (flag(parsed.value, "help")) return ok(output(auditHelp));
  const staleText = stringOption(parsed.value, "stale-after");
  const staleAfterMs =
    staleText === undefined ? ok(DEFAULT_STALE_AFTER_MS) : parseDuration(staleText, "stale-after");
  if (staleAfterMs.isErr()) return err(staleAfterMs.error);
  if (namesPostgres(parsed.value)) {
    const clash = [...NOT_WITH_SNAPSHOT, "snapshot"].find(
      (n) => parsed.value.values[n] !== undefined,
    );
    if (clash !== undefined) {
      return err(usageError(`audit: give either --postgres/--pglite or --${clash}, not both`));
    }
    const location = readPostgresLocation(parsed.value, "audit");
    if (location.isErr()) return err(location.error);
    return auditPostgres(location.value, {
      schema: stringOption(parsed.value, "schema"),
      now: context.now(),
      staleAfterMs: staleAfterMs.value,
      json: flag(parsed.value, "json"),
    });
  }
  const snapshotPath = stringOption(parsed.value, "snapshot");
  if (snapshotPath !== undefined) {
    const report = await auditSnapshotFile(snapshotPath, parsed.value, {
      now: context.now(),
      staleAfterMs: staleAfterMs.value,
    });
    return report.map((r) => reportOutput(r, flag(parsed.value, "json")));
  }
  if (stringOptions(parsed.value, "file").length === 0 && !flag(parsed.value, "airtable")) {
    return err(
      usageError(
        "audit: say what to read: --file <path>, --airtable --base <appId> or --snapshot <path>",
      ),
    );
  }
  const spec = await readSourceSpec(parsed.value, "audit");
  if (spec.isErr()) return err(spec.error);
  if (spec.value === undefined) return ok(output("", false));
  const opened = await openSource(spec.value, context);
  if (opened.isErr()) return err(opened.error);
  const report = auditRecords(opened.value.tables, {
    mapping: spec.value.mapping,
    now: context.now(),
    staleAfterMs: staleAfterMs.value,
  });
  return ok(reportOutput(report, flag(parsed.value, "json")));
};

// Flags that name another source, or say how to read one; a snapshot is its own source.
const NOT_WITH_SNAPSHOT = ["file", "table", "airtable", "base", "api-key-env", "endpoint-url"];

const auditSnapshotFile = async (
  path: string,
  args: ParsedArgs,
  options: { readonly now: number; readonly staleAfterMs: number },
): Promise<Result<AuditReport, CliError>> => {
  const clash = NOT_WITH_SNAPSHOT.find((name) => args.values[name] !== undefined);
  if (clash !== undefined) {
    return err(
      usageError(
        `audit: give either --snapshot or --${clash}, not both (see run-records audit --help)`,
      ),
    );
  }
  const mapping = await loadMapping(stringOption(args, "mapping"), {
    jobs: stringOption(args, "table-jobs"),
    clientRuns: stringOption(args, "table-client-runs"),
  });
  if (mapping.isErr()) return err(mapping.error);
  const loaded = await loadSnapshotFile(path);
  return loaded.map(({ snapshot, invalid }) => {
    const report = auditMemorySnapshot(snapshot, { ...options, mapping: mapping.value });
    if (invalid.length === 0) return report;
    const tables = mapping.value.tables;
    const findings: Finding[] = [
      ...invalid.map(
        (i): Finding => ({
          kind: "invalid-record",
          table:
            i.list === "jobs" ? tables.jobs : i.list === "clientRuns" ? tables.clientRuns : "links",
          recordIds: [i.record],
          message: `${i.message.replace(/^invalid memory snapshot at /, "")}; the service never writes this - left out of the audit`,
          fixable: false,
        }),
      ),
      ...report.findings,
    ];
    return { ...report, summary: summarize(findings), findings, clean: false };
  });
};

const reportOutput = (report: AuditReport, json: boolean): CommandOutput => {
  const text = json ? JSON.stringify(report, null, 2) : formatReport(report);
  const unreadable = report.read.unreadable;
  const warning =
    unreadable > 0
      ? `run-records: ${unreadable} row${unreadable === 1 ? "" : "s"} could not be read and ${
          unreadable === 1 ? "is" : "are"
        } listed as unreadable-row findings; the rest was audited - fix or remove ${
          unreadable === 1 ? "it" : "them"
        } and run again`
      : undefined;
  return output(text, report.clean, warning);
};
