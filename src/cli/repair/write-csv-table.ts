import type { ExportRow } from "../audit/export-rows.js";
import type { CsvHeader } from "../audit/read-csv-table.js";

const cell = (value: unknown): string => {
  const text =
    value === undefined || value === null
      ? ""
      : typeof value === "string"
        ? value
        : typeof value === "number" || typeof value === "boolean"
          ? String(value)
          : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * Writes a table back as CSV with the columns of the file it was read from, in the same order
 * (record ID and created-time columns included); CRLF line ends, as Airtable writes them.
 */
export const csvText = (header: CsvHeader, rows: readonly ExportRow[]): string => {
  const lines = [header.names.map(cell).join(",")];
  for (const row of rows) {
    lines.push(
      header.names
        .map((name, i) =>
          cell(
            i === header.idColumn
              ? row.id
              : i === header.createdColumn
                ? row.createdTime
                : row.fields[name],
          ),
        )
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
};
