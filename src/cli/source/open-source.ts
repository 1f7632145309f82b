import { err, ok, type Result } from "neverthrow";
import type { RunTables } from "../audit/export-rows.js";
import { loadExportFiles } from "../audit/load-files.js";
import { airtableError, type CliError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { createProgress } from "../output/progress.js";
import { openAirtableGateway } from "./airtable-gateway.js";
import type { SourceSpec } from "./source-options.js";
import type { TableGateway } from "./table-gateway.js";

/** Tables read from a source, and the gateway to write back when the source is a live base. */
export interface OpenedSource {
  readonly tables: RunTables;
  readonly gateway?: TableGateway;
}

/** Opens the live base a source names: the API key comes from the environment variable it names. */
export const openAirtable = async (
  spec: SourceSpec,
  context: CliContext,
): Promise<Result<TableGateway, CliError>> => {
  const { source } = spec;
  if (source.kind !== "airtable") return err(airtableError("not an Airtable source"));
  const apiKey = context.env[source.apiKeyEnv];
  if (apiKey === undefined || apiKey.trim() === "") {
    return err(
      airtableError(
        `environment variable ${source.apiKeyEnv} holding the Airtable API key is not set; export it or name another with --api-key-env`,
      ),
    );
  }
  // Hidden knobs for tests against a local server with a short rate-limit penalty.
  const rate = Number(context.env.RUN_RECORDS_AIRTABLE_RPS ?? "5");
  const wait = Number(context.env.RUN_RECORDS_RATE_LIMIT_WAIT_MS ?? "30000");
  const timeout = Number(context.env.RUN_RECORDS_REQUEST_TIMEOUT_MS ?? "30000");
  return openAirtableGateway({
    apiKey,
    baseId: source.baseId,
    endpointUrl: source.endpointUrl,
    requestsPerSecond: Number.isFinite(rate) && rate > 0 ? rate : 5,
    rateLimitWaitMs: Number.isFinite(wait) && wait >= 0 ? wait : 30_000,
    requestTimeout: Number.isFinite(timeout) && timeout > 0 ? timeout : 30_000,
    sleep: context.sleep,
  });
};

/** Reads both run tables from export files or a live base, with a progress bar on a terminal. */
export const openSource = async (
  spec: SourceSpec,
  context: CliContext,
): Promise<Result<OpenedSource, CliError>> => {
  const progress = createProgress(context);
  const { source, mapping } = spec;
  if (source.kind === "file") {
    const tables = await loadExportFiles(
      source.paths,
      mapping,
      progress,
      source.table,
      context.stdin,
    );
    return tables.map((t) => ({ tables: t }));
  }
  const gateway = await openAirtable(spec, context);
  if (gateway.isErr()) return err(gateway.error);
  const jobs = await gateway.value.list(mapping.tables.jobs, (n) =>
    progress.update(`reading ${mapping.tables.jobs}`, n),
  );
  if (jobs.isErr()) return err(jobs.error);
  const clientRuns = await gateway.value.list(mapping.tables.clientRuns, (n) =>
    progress.update(`reading ${mapping.tables.clientRuns}`, n),
  );
  progress.finish();
  if (clientRuns.isErr()) return err(clientRuns.error);
  return ok({ tables: { jobs: jobs.value, clientRuns: clientRuns.value }, gateway: gateway.value });
};
