import { describe, expect, it } from "vitest";
import { explainRunIds, sampleRunIds } from "../../demo/explain-run-ids.js";

describe("explainRunIds (the demo)", () => {
  it("explains one value per row, with kind, repairs and the normalised result or error", () => {
    const table = explainRunIds([
      "251007-070457:Guy-Wilson",
      "8MSTBAfqMzuXPvgB3-CGuy-Wilson",
      "UNKNOWN",
      42,
    ]);
    const lines = table.split("\n");
    expect(lines).toHaveLength(6);
    expect(lines[2]).toMatch(
      /client\s+251007-070457\s+Guy-Wilson\s+colon-separator\s+251007-070457-Guy-Wilson$/,
    );
    expect(lines[3]).toMatch(/legacy apify\s+8MSTBAfqMzuXPvgB3\s+Guy-Wilson\s+-\s+legacy-format: /);
    expect(lines[4]).toMatch(/placeholder: /);
    expect(lines[5]).toMatch(/^<number>.*not-a-string: /);
  });

  it("covers every shape of the sample list without throwing", () => {
    const table = explainRunIds(sampleRunIds);
    expect(table.split("\n")).toHaveLength(sampleRunIds.length + 2);
    for (const word of [
      "double-suffix",
      "decimal-suffix",
      "trimmed",
      "legacy sr",
      "legacy job",
      "legacy post-batch",
      "nested master",
      "invalid-date",
    ]) {
      expect(table).toContain(word);
    }
  });
});
