/** Renders rows as a plain-text table with a header and a rule; numbers right-aligned. */
export const formatTable = (
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string => {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => String(row[i] ?? "").length)),
  );
  const line = (cells: readonly (string | number)[]): string =>
    cells
      .map((cell, i) =>
        typeof cell === "number"
          ? String(cell).padStart(widths[i] ?? 0)
          : cell.padEnd(widths[i] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
};
