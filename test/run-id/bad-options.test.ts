import { describe, expect, it } from "vitest";
import { normalizeRunId, parseRunId } from "../../src/index.js";

const throwingGetter = Object.defineProperty({}, "mode", {
  get() {
    throw new Error("getter");
  },
});
const throwingProxy = new Proxy(
  {},
  {
    get() {
      throw new Error("trap");
    },
  },
);

// Canonical IDs take a fast path that needs no option; a bad option is refused there too.
const INPUTS = [
  "251007-070457",
  "251007-070457-Guy-Wilson",
  " 251007-070457:Guy-Wilson",
  "SR-250922-001",
];

describe("parseRunId refuses options it cannot use", () => {
  it.each(INPUTS)('mode: "bogus" is invalid-option for %j', (input) => {
    expect(parseRunId(input, { mode: "bogus" } as never)._unsafeUnwrapErr()).toMatchObject({
      type: "invalid-option",
      input: "bogus",
    });
  });

  it.each([
    ["a throwing getter", throwingGetter],
    ["a throwing Proxy", throwingProxy],
    ["a number", 42],
    ["a string", "strict"],
  ])("%s as options is invalid-option", (_why, options) => {
    for (const input of INPUTS) {
      expect(parseRunId(input, options as never)._unsafeUnwrapErr().type).toBe("invalid-option");
    }
  });

  it("still accepts absent, null and empty options and both modes", () => {
    for (const options of [undefined, null, {}, { mode: undefined }, { mode: "lenient" }]) {
      expect(parseRunId("251007-070457", options as never).isOk()).toBe(true);
    }
    expect(parseRunId(" 251007-070457", { mode: "strict" }).isErr()).toBe(true);
  });

  it("normalizeRunId refuses a throwing getter on the canonical fast path too", () => {
    const options = Object.defineProperty({}, "clientId", {
      get() {
        throw new Error("getter");
      },
    });
    expect(normalizeRunId("251007-070457", options as never)._unsafeUnwrapErr().type).toBe(
      "invalid-option",
    );
  });
});
