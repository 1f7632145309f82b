/** Why a command could not do its job, as a readonly union on `type`; `usage` exits 2, the rest exit 1. */
export type CliError =
  | { readonly type: "usage"; readonly message: string }
  | {
      readonly type: "input";
      readonly message: string;
      readonly path?: string;
      readonly cause?: unknown;
    }
  | { readonly type: "airtable"; readonly message: string; readonly cause?: unknown }
  | {
      readonly type: "io";
      readonly message: string;
      readonly path?: string;
      readonly cause?: unknown;
    };

/** Builds a usage error (bad flags or arguments): exit code 2. */
export const usageError = (message: string): CliError => ({ type: "usage", message });

/** Builds an input error (unreadable file, unknown table, bad plan): exit code 1. */
export const inputError = (message: string, path?: string, cause?: unknown): CliError => ({
  type: "input",
  message,
  path,
  cause,
});

/** Builds an I/O error (a file that cannot be written): exit code 1. */
export const ioError = (message: string, path?: string, cause?: unknown): CliError => ({
  type: "io",
  message,
  path,
  cause,
});

/** Builds an Airtable error (missing key, unreachable base, rejected request): exit code 1. */
export const airtableError = (message: string, cause?: unknown): CliError => ({
  type: "airtable",
  message,
  cause,
});
