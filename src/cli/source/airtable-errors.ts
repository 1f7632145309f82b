import { airtableError, type CliError } from "../cli-error.js";

/**
 * Turns what airtable.js rejects with (an `AirtableError` plain object, or a raw node-fetch error
 * for timeouts and sockets) into a one-line error saying what to do.
 */
export const describeAirtableFailure = (
  cause: unknown,
  doing: string,
  baseId: string,
): CliError => {
  const c = (typeof cause === "object" && cause !== null ? cause : {}) as {
    statusCode?: unknown;
    error?: unknown;
    message?: unknown;
    code?: unknown;
    type?: unknown;
  };
  const status = typeof c.statusCode === "number" ? c.statusCode : undefined;
  const detail = typeof c.message === "string" ? c.message : String(cause);
  const aborted = c.type === "aborted" || /\babort/i.test(detail);
  const hint =
    status === 401 || status === 403
      ? "the API key was refused, or the base is not one it can open; check the key and --base"
      : status === 404
        ? `base ${baseId} or the table was not found; check --base and the table names`
        : status === 422
          ? "the base refused the data; check the field names (--mapping) and the plan"
          : status === 429
            ? "still rate limited after retrying; wait a minute and run again (repair --apply is safe to repeat)"
            : status !== undefined && status >= 500
              ? "Airtable failed; try again later (repair --apply is safe to repeat)"
              : aborted
                ? "no answer within the request timeout; check --endpoint-url and the network, then run again"
                : `cannot reach the base (${String(c.code ?? c.error ?? "no response")}); check --endpoint-url and the network`;
  return airtableError(`${doing} failed: ${detail}; ${hint}`, cause);
};
