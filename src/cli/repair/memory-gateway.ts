import { createHash } from "node:crypto";
import { ok } from "neverthrow";
import type { ExportRow } from "../audit/export-rows.js";
import type { TableGateway } from "../source/table-gateway.js";

/** A table gateway over records held in memory (an export file being repaired); `tables` changes in place. */
export interface MemoryGateway extends TableGateway {
  /** Table name → records, in export order; new records are appended. */
  readonly tables: Map<string, ExportRow[]>;
}

/**
 * Wraps tables in a gateway. New records get a deterministic ID derived from their table and
 * fields (so a repeated run yields the same file) and `createdTime` from `now`.
 */
export const createMemoryGateway = (
  tables: ReadonlyMap<string, readonly ExportRow[]>,
  now: () => number,
): MemoryGateway => {
  const state = new Map([...tables].map(([name, rows]) => [name, [...rows]]));
  const rowsOf = (table: string): ExportRow[] => {
    const rows = state.get(table) ?? [];
    state.set(table, rows);
    return rows;
  };
  return {
    tables: state,
    async list(table) {
      return ok({ rows: [...rowsOf(table)], unreadable: [] });
    },
    async update(table, records) {
      const rows = rowsOf(table);
      for (const update of records) {
        const index = rows.findIndex((r) => r.id === update.id);
        const row = rows[index];
        if (row === undefined) continue;
        const fields: Record<string, unknown> = { ...row.fields };
        for (const [name, value] of Object.entries(update.fields)) {
          // Airtable drops a field set to null; the export does the same.
          if (value === null) delete fields[name];
          else fields[name] = value;
        }
        rows[index] = { ...row, fields };
      }
      return ok(undefined);
    },
    async create(table, records) {
      const rows = rowsOf(table);
      const created = records.map((fields): ExportRow => {
        const hash = createHash("sha256").update(`${table}\u0000${JSON.stringify(fields)}`);
        const id = `rec${hash.digest("hex").slice(0, 14)}`;
        const clean = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
        return { id, createdTime: new Date(now()).toISOString(), fields: clean };
      });
      rows.push(...created);
      return ok(created);
    },
    async reinsert(table, rows) {
      rowsOf(table).push(...rows);
      return ok(undefined);
    },
    async destroy(table, ids) {
      const gone = new Set(ids);
      state.set(
        table,
        rowsOf(table).filter((r) => !gone.has(r.id)),
      );
      return ok(undefined);
    },
  };
};
