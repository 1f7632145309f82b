import { isBlank, textOf } from "../audit/export-rows.js";

/** The non-empty lines of a text field. */
export const linesOf = (value: unknown): string[] =>
  (textOf(value) ?? "").split(/\r\n|\r|\n/).filter((line) => line.trim() !== "");

/** Appends a line to a text field's value, unless the field already holds that line. */
export const appendLine = (value: unknown, line: string): string => {
  const lines = linesOf(value);
  return lines.includes(line) ? lines.join("\n") : [...lines, line].join("\n");
};

/** Every distinct line of several text fields, first occurrence first. */
export const unionLines = (values: readonly unknown[]): string | undefined => {
  const seen = new Set<string>();
  for (const value of values) for (const line of linesOf(value)) seen.add(line);
  return seen.size === 0 ? undefined : [...seen].join("\n");
};

const lineTime = (line: string): number => {
  const space = line.indexOf(" ");
  const head = space < 0 ? line : line.slice(0, space);
  const ms = Date.parse(head);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
};

/**
 * Merges progress logs (`<ISO time> <message>` lines) in time order; identical lines appear once,
 * lines without a time keep their order after the timed ones.
 */
export const mergeProgressLogs = (values: readonly unknown[]): string | undefined => {
  const lines = unionLines(values.filter((v) => !isBlank(v)));
  if (lines === undefined) return undefined;
  return lines
    .split("\n")
    .map((line, index) => ({ line, index, at: lineTime(line) }))
    .sort((a, b) => (a.at === b.at ? a.index - b.index : a.at < b.at ? -1 : 1))
    .map((entry) => entry.line)
    .join("\n");
};
