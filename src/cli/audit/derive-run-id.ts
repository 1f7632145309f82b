import { type BaseRunId, parseRunId } from "../../index.js";
import { textOf } from "./export-rows.js";

const TIMESTAMP = /(?<![\d-])(\d{6}-\d{6})(?!\d)/g;

/**
 * The base run ID a damaged Run ID starts with (`251007-070457-batch-all-clients-Guy-Wilson`,
 * a client run ID in Job Tracking), when its first 13 characters are a valid timestamp.
 */
export const leadingBaseRunId = (raw: string | undefined): BaseRunId | undefined => {
  const head = raw?.trim().slice(0, 13);
  if (head === undefined || !/^\d{6}-\d{6}$/.test(head)) return undefined;
  const parsed = parseRunId(head, { mode: "strict" });
  return parsed.isOk() && parsed.value.kind === "base" ? parsed.value.runId : undefined;
};

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
