import { err, ok, type Result } from "neverthrow";

/** The schema the store uses when none is given. */
export const DEFAULT_POSTGRES_SCHEMA = "run_records";

// Lower-case unquoted identifiers only: the name is spliced into SQL text (quoted), so it must never need escaping,
// and it stays within PostgreSQL's 63-byte identifier limit.
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Checks a schema name: 1–63 characters of `a-z`, `0-9` and `_`, not starting with a digit, and not `pg_…`.
 * @returns The name, or a sentence saying what is wrong with it.
 */
export function checkSchemaName(input: unknown): Result<string, string> {
  if (typeof input !== "string" || !IDENTIFIER.test(input)) {
    return err("must be 1–63 characters of a-z, 0-9 and _, not starting with a digit");
  }
  if (input.startsWith("pg_")) return err("may not start with pg_ (reserved by PostgreSQL)");
  return ok(input);
}
