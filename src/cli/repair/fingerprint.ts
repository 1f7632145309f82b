import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { err, ok, type Result } from "neverthrow";
import type { ExportRow } from "../audit/export-rows.js";
import { type CliError, inputError } from "../cli-error.js";
import type { FileFingerprint, TableFingerprint } from "./plan-types.js";

/** SHA-256 of a value's JSON text, hex. */
export const jsonHash = (value: unknown): string =>
  createHash("sha256").update(JSON.stringify(value)).digest("hex");

/**
 * The fingerprint of a table's content: record IDs and fields, in ID order (creation times and
 * row order left out, so a created record's time and position do not count).
 */
export const tableFingerprint = (rows: readonly ExportRow[]): TableFingerprint => {
  const hash = createHash("sha256");
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const row of sorted) hash.update(`${JSON.stringify([row.id, row.fields])}\n`);
  return { records: rows.length, sha256: hash.digest("hex") };
};

/** The exact bytes of a file: size and SHA-256, read as a stream. */
export const fileFingerprint = async (path: string): Promise<Result<FileFingerprint, CliError>> => {
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (cause) {
    return err(inputError(`${path} cannot be read to check it against the plan`, path, cause));
  }
  return ok({ path, bytes, sha256: hash.digest("hex") });
};
