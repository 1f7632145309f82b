import { evaluate, type FormulaContext, type FormulaValue } from "./formula-eval.js";
import { type FormulaNode, parseFormula } from "./formula-parser.js";
import type { StoredRecord, TableSchema } from "./types.js";
import type { CellWrites } from "./validate-fields.js";

/** A stored row: only non-blank cells are kept, as Airtable omits blanks. */
export interface Row {
  readonly id: string;
  readonly createdTime: string;
  /** The table's autoNumber value of this row: 1, 2, 3… in creation order, never reused. */
  readonly seq: number;
  cells: Map<string, string | number | boolean>;
}

/** One table of one base: its rows in creation order, its select options and computed fields. */
export class RecordTable {
  readonly rows: Row[] = [];
  private readonly byId = new Map<string, Row>();
  private readonly choices = new Map<string, Set<string>>();
  private readonly formulas = new Map<string, FormulaNode>();
  private readonly autoNumbers = new Set<string>();
  // Only ever grows: a deleted row's number is not handed out again, as on Airtable.
  private lastSeq = 0;

  /** @throws when a formula field's expression is outside the supported subset (a test set-up mistake). */
  constructor(
    readonly name: string,
    readonly schema: TableSchema,
  ) {
    for (const [field, def] of Object.entries(schema.fields)) {
      if (def.type === "autoNumber") this.autoNumbers.add(field);
      if (def.type === "singleSelect") this.choices.set(field, new Set(def.options?.choices ?? []));
      if (def.type === "formula" && def.options?.formula !== undefined) {
        const parsed = parseFormula(def.options.formula);
        if (parsed.isErr()) throw new Error(`Formula of ${name}.${field}: ${parsed.error.message}`);
        this.formulas.set(field, parsed.value);
      }
    }
  }

  /** The select options of a field, including those added by typecast. */
  choicesOf(field: string): ReadonlySet<string> {
    return this.choices.get(field) ?? new Set();
  }

  /** Records a select option typecast created. */
  addChoice(field: string, choice: string): void {
    this.choices.get(field)?.add(choice);
  }

  /** The row with this ID, if it exists. */
  get(id: string): Row | undefined {
    return this.byId.get(id);
  }

  /** Appends a new row with already validated cells. */
  insert(id: string, createdTime: string, writes: CellWrites): Row {
    const row: Row = { id, createdTime, seq: ++this.lastSeq, cells: new Map() };
    this.apply(row, writes);
    this.rows.push(row);
    this.byId.set(id, row);
    return row;
  }

  /** Writes cells; `replace` clears every cell not written (PUT). */
  apply(row: Row, writes: CellWrites, replace = false): void {
    if (replace) row.cells.clear();
    for (const [name, value] of Object.entries(writes)) {
      if (value === null) row.cells.delete(name);
      else row.cells.set(name, value);
    }
  }

  /** Deletes a row; unknown IDs are ignored (callers check existence first). */
  remove(id: string): void {
    if (!this.byId.delete(id)) return;
    const index = this.rows.findIndex((r) => r.id === id);
    this.rows.splice(index, 1);
  }

  /** What a formula sees for `name` in `row`, computing formula fields. */
  value(row: Row, name: string, depth = 0): FormulaValue {
    if (this.autoNumbers.has(name)) return row.seq;
    const formula = this.formulas.get(name);
    if (formula === undefined) return row.cells.get(name) ?? null;
    if (depth > 8) return Number.NaN;
    return evaluate(formula, this.context(row, depth + 1));
  }

  /** The evaluation context of a row for filterByFormula. */
  context(row: Row, depth = 0): FormulaContext {
    return { id: row.id, createdTime: row.createdTime, field: (n) => this.value(row, n, depth) };
  }

  /** The row as the API returns it, blanks omitted and computed fields filled in. */
  toJson(row: Row, only?: readonly string[]): StoredRecord {
    const fields: Record<string, unknown> = {};
    for (const name of only ?? Object.keys(this.schema.fields)) {
      const v =
        this.formulas.has(name) || this.autoNumbers.has(name)
          ? computedJson(this.value(row, name))
          : row.cells.get(name);
      if (v !== undefined) fields[name] = v;
    }
    return { id: row.id, createdTime: row.createdTime, fields };
  }
}

const computedJson = (v: FormulaValue): unknown => {
  if (v === null || v === "") return undefined;
  if (typeof v === "number" && !Number.isFinite(v)) return { specialValue: "NaN" };
  if (typeof v === "boolean") return v ? 1 : 0;
  return v;
};
