import { type BaseRunId, parseRunId } from "../../index.js";
import { textOf } from "./export-rows.js";

const TIMESTAMP = /(?<![\d-])(\d{6}-\d{6})(?!\d)/g;

/**
 * Finds the base run ID a record's own text names (notes, progress log): exactly one distinct
 * valid timestamp, or nothing. Never invents a timestamp.
 * @param values - the record's free-text field values
 * @returns the one base run ID they mention, or `undefined` when none or several
 */
export const deriveBaseRunId = (values: readonly unknown[]): BaseRunId | undefined => {
  const found = new Set<BaseRunId>();
  for (const value of values) {
    const text = textOf(value);
    if (text === undefined) continue;
    for (const match of text.matchAll(TIMESTAMP)) {
      const parsed = parseRunId(match[1], { mode: "strict" });
      if (parsed.isOk() && parsed.value.kind === "base") found.add(parsed.value.runId);
    }
  }
  return found.size === 1 ? [...found][0] : undefined;
};
