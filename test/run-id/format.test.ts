import { describe, expect, it } from "vitest";
import { type ClientId, formatRunId, parseRunId } from "../../src/index.js";

const ts = { year: 2025, month: 10, day: 7, hour: 7, minute: 4, second: 57 };

describe("formatRunId", () => {
  it("formats base and client IDs", () => {
    expect(formatRunId({ timestamp: ts })._unsafeUnwrap()).toBe("251007-070457");
    expect(formatRunId({ timestamp: ts, clientId: "Guy-Wilson" as ClientId })._unsafeUnwrap()).toBe(
      "251007-070457-Guy-Wilson",
    );
  });

  it("accepts a parsed run ID as its parts", () => {
    const parsed = parseRunId("240229-235959-Zoë")._unsafeUnwrap();
    if (parsed.kind === "legacy") throw new Error("unexpected legacy");
    expect(formatRunId(parsed)._unsafeUnwrap()).toBe("240229-235959-Zoë");
  });

  it.each([
    [{ ...ts, year: 1999 }, "invalid-date"],
    [{ ...ts, year: 2100 }, "invalid-date"],
    [{ ...ts, month: 13 }, "invalid-date"],
    [{ ...ts, month: 2, day: 29, year: 2025 }, "invalid-date"],
    [{ ...ts, day: 0 }, "invalid-date"],
    [{ ...ts, day: 1.5 }, "invalid-date"],
    [{ ...ts, hour: 24 }, "invalid-time"],
    [{ ...ts, minute: -1 }, "invalid-time"],
    [{ ...ts, second: 59.5 }, "invalid-time"],
    [{ ...ts, second: "57" }, "invalid-time"],
    [null, "invalid-date"],
    ["251007-070457", "invalid-date"],
  ])("refuses the timestamp %j as %s", (timestamp, type) => {
    expect(formatRunId({ timestamp: timestamp as never })._unsafeUnwrapErr().type).toBe(type);
  });

  it.each([
    ["Guy Wilson", "invalid-client-id"],
    ["", "invalid-client-id"],
    [7, "not-a-string"],
  ])("refuses the client %j as %s", (clientId, type) => {
    expect(
      formatRunId({ timestamp: ts, clientId: clientId as never })._unsafeUnwrapErr().type,
    ).toBe(type);
  });

  it("reports parts it cannot read instead of throwing", () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error("trap");
        },
      },
    );
    expect(formatRunId(hostile as never)._unsafeUnwrapErr().type).toBe("invalid-option");
    expect(formatRunId({ timestamp: hostile } as never)._unsafeUnwrapErr().type).toBe(
      "invalid-option",
    );
  });

  it("formats from a snapshot, so a getter cannot change a field after validation", () => {
    let reads = 0;
    const shifty = {
      ...ts,
      get hour() {
        reads++;
        return reads > 1 ? 99 : 7;
      },
    };
    expect(formatRunId({ timestamp: shifty })._unsafeUnwrapErr().type).toBe("invalid-time");
  });
});
