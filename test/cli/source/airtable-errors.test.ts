import { describe, expect, it } from "vitest";
import { describeAirtableFailure } from "../../../src/cli/source/airtable-errors.js";

describe("describeAirtableFailure", () => {
  const cases: [unknown, string][] = [
    [{ error: "AUTHENTICATION_REQUIRED", message: "no", statusCode: 401 }, "API key was refused"],
    [
      { error: "NOT_FOUND", message: "no", statusCode: 404 },
      "base appX or the table was not found",
    ],
    [
      { error: "INVALID_VALUE_FOR_COLUMN", message: "bad", statusCode: 422 },
      "check the field names",
    ],
    [{ error: "RATE_LIMIT", message: "slow", statusCode: 429 }, "still rate limited"],
    [{ error: "SERVER_ERROR", message: "boom", statusCode: 503 }, "Airtable failed"],
    [
      { type: "aborted", message: "The user aborted a request." },
      "no answer within the request timeout",
    ],
    [
      { error: "CONNECTION_ERROR", message: "connect ECONNREFUSED", statusCode: null },
      "cannot reach the base (CONNECTION_ERROR)",
    ],
    ["a string", "cannot reach the base (no response)"],
    [null, "cannot reach the base"],
  ];
  it.each(cases)("turns %j into one line saying what to do", (cause, hint) => {
    const error = describeAirtableFailure(cause, "reading Job Tracking", "appX");
    expect(error.type).toBe("airtable");
    expect(error.message).toContain(hint);
    expect(error.message.startsWith("reading Job Tracking failed: ")).toBe(true);
    expect(error.message).not.toContain("\n");
    expect((error as { cause?: unknown }).cause).toBe(cause);
  });
});
