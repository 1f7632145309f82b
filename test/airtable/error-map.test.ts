import { describe, expect, it } from "vitest";
import {
  asStoreError,
  isAirtableError,
  isRateLimited,
  toStoreError,
} from "../../src/airtable/error-map.js";
import { createScheduler } from "../../src/airtable/scheduler.js";

// The shapes airtable.js 0.12.2 rejects with (see lib/base.js, lib/run_action.js, lib/airtable_error.js).
class AirtableError {
  constructor(
    readonly error: string,
    readonly message: string,
    readonly statusCode: number | null,
  ) {}
}
const fetchError = (type: string, code?: string) =>
  Object.assign(new Error(`request failed, reason: ${code ?? type}`), {
    name: "FetchError",
    type,
    code,
  });
const abortError = Object.assign(new Error("The user aborted a request."), {
  name: "AbortError",
  type: "aborted",
});

describe("toStoreError", () => {
  it("AirtableError is recognised by shape (it is not an Error)", () => {
    const e = new AirtableError("SERVER_ERROR", "Try again.", 500);
    expect(e instanceof Error).toBe(false);
    expect(isAirtableError(e)).toBe(true);
    expect(isAirtableError(new Error("x"))).toBe(false);
    expect(isAirtableError(null)).toBe(false);
  });

  it.each([
    [429, "TOO_MANY_REQUESTS", "unavailable", "not-applied"],
    [500, "SERVER_ERROR", "unavailable", "unknown"],
    [502, "UNEXPECTED_ERROR", "unavailable", "unknown"],
    [503, "SERVICE_UNAVAILABLE", "unavailable", "unknown"],
    [504, "UNEXPECTED_ERROR", "unavailable", "unknown"],
  ] as const)("%i on a write is %s (%s)", (status, code, type, outcome) => {
    const mapped = toStoreError(new AirtableError(code, "m", status), true);
    expect(mapped).toMatchObject({ type, outcome });
    expect(mapped.message).toMatch(String(status));
  });

  it("a failed read is retryable and known not to have changed anything", () => {
    expect(toStoreError(new AirtableError("SERVER_ERROR", "m", 500), false)).toMatchObject({
      type: "unavailable",
      outcome: "not-applied",
    });
  });

  it.each([
    ["request-timeout", fetchError("request-timeout")],
    ["system (ECONNRESET)", fetchError("system", "ECONNRESET")],
    ["system (socket hang up)", fetchError("system", "ECONNREFUSED")],
    ["AbortError", abortError],
    [
      "CONNECTION_ERROR (makeRequest's wrapper)",
      new AirtableError("CONNECTION_ERROR", "socket hang up", null),
    ],
  ])("%s is unavailable with an unknown outcome for writes", (_, cause) => {
    expect(toStoreError(cause, true)).toMatchObject({
      type: "unavailable",
      outcome: "unknown",
      cause,
    });
    expect(toStoreError(cause, false)).toMatchObject({
      type: "unavailable",
      outcome: "not-applied",
    });
  });

  it("UNKNOWN_FIELD_NAME is rejected and names the field", () => {
    const mapped = toStoreError(
      new AirtableError("UNKNOWN_FIELD_NAME", 'Unknown field name: "Sytem Notes"', 422),
      true,
    );
    expect(mapped.type).toBe("rejected");
    expect(mapped.message).toContain('"Sytem Notes"');
  });

  it.each([
    [403, "NOT_AUTHORIZED"],
    [404, "NOT_FOUND"],
    [401, "AUTHENTICATION_REQUIRED"],
    [422, "INVALID_FILTER_BY_FORMULA"],
    [413, "REQUEST_TOO_LARGE"],
  ] as const)("%i %s is rejected (retrying will not help)", (status, code) => {
    const mapped = toStoreError(new AirtableError(code, "m", status), true);
    expect(mapped.type).toBe("rejected");
    expect(mapped.message).toContain(String(status));
  });

  it("403 and 404 say the base or table may be unknown", () => {
    expect(toStoreError(new AirtableError("NOT_AUTHORIZED", "m", 403), false).message).toMatch(
      /unknown base or table/,
    );
  });

  it("anything else (a thrown string, a TypeError, undefined) is rejected, never thrown", () => {
    const hostile = {
      toString() {
        throw new Error("hostile");
      },
    };
    for (const cause of [
      "boom",
      new TypeError("x"),
      undefined,
      42,
      { weird: true },
      Object.create(null),
      hostile,
      Symbol("s"),
    ]) {
      expect(toStoreError(cause, true).type).toBe("rejected");
    }
  });

  it("asStoreError keeps a StoreError and maps anything else", () => {
    const kept = { type: "unavailable", message: "m", outcome: "unknown" } as const;
    expect(asStoreError(kept, true)).toBe(kept);
    expect(asStoreError(new AirtableError("SERVER_ERROR", "m", 503), true)).toMatchObject({
      type: "unavailable",
      outcome: "unknown",
    });
    expect(asStoreError({ type: "nope", message: "m" }, false).type).toBe("rejected");
  });

  it("a scheduler whose injected sleep rejects answers with a StoreError, never a raw rejection", async () => {
    const scheduler = createScheduler({
      rateLimit: 1000,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      now: () => 0,
      random: () => 0,
      sleep: () => Promise.reject(new Error("sleep failed")),
    });
    const result = await scheduler.run({ write: false, idempotent: true }, () =>
      Promise.reject(new AirtableError("SERVER_ERROR", "m", 503)),
    );
    expect(result.isErr() && result.error).toMatchObject({
      type: "rejected",
      message: expect.stringContaining("sleep failed"),
    });
  });

  it("isRateLimited only for 429", () => {
    expect(isRateLimited(new AirtableError("TOO_MANY_REQUESTS", "m", 429))).toBe(true);
    expect(isRateLimited(new AirtableError("SERVER_ERROR", "m", 500))).toBe(false);
  });
});
