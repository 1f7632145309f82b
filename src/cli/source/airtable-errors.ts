import { type AirtableFailureKind, classifyAirtableFailure } from "../../airtable/index.js";
import { airtableError, type CliError } from "../cli-error.js";

const hints: Readonly<Record<Exclude<AirtableFailureKind, "not-found" | "unreachable">, string>> = {
  unauthorized:
    "the API key was refused, or the base is not one it can open; check the key and --base",
  refused: "the base refused the data; check the field names (--mapping) and the plan",
  "rate-limited":
    "still rate limited after retrying; wait a minute and run again (repair --apply is safe to repeat)",
  server: "Airtable failed; try again later (repair --apply is safe to repeat)",
  timeout:
    "no answer within the request timeout; check --endpoint-url and the network, then run again",
};

/**
 * Turns what a request to the base failed with (the Airtable adapter's `StoreError`, or what
 * airtable.js rejected with) into a one-line error saying what to do; the adapter classifies it.
 * @returns the CLI error, its cause the original rejection
 */
export const describeAirtableFailure = (
  failure: unknown,
  doing: string,
  baseId: string,
): CliError => {
  const { kind, detail, code } = classifyAirtableFailure(failure);
  const hint =
    kind === "not-found"
      ? `base ${baseId} or the table was not found; check --base and the table names`
      : kind === "unreachable"
        ? `cannot reach the base (${code ?? "no response"}); check --endpoint-url and the network`
        : hints[kind];
  const cause =
    typeof failure === "object" && failure !== null && "cause" in failure && "type" in failure
      ? (failure as { cause: unknown }).cause
      : failure;
  return airtableError(`${doing} failed: ${detail}; ${hint}`, cause);
};
