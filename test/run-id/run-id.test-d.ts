import type { Result } from "neverthrow";
import { describe, expectTypeOf, it } from "vitest";
import {
  type BaseRunId,
  type ClientId,
  type ClientRunId,
  clientIdOf,
  createRunIdGenerator,
  normalizeRunId,
  type ParsedRunId,
  parseClientId,
  parseRunId,
  type RunId,
  type RunIdError,
  toBaseRunId,
  withClient,
} from "../../src/index.js";

declare const base: BaseRunId;
declare const clientRun: ClientRunId;
declare const runId: RunId;
declare const client: ClientId;

describe("run ID brands", () => {
  it("a plain string is none of the brands", () => {
    expectTypeOf<string>().not.toMatchTypeOf<RunId>();
    expectTypeOf<string>().not.toMatchTypeOf<BaseRunId>();
    expectTypeOf<string>().not.toMatchTypeOf<ClientRunId>();
    expectTypeOf<string>().not.toMatchTypeOf<ClientId>();
    // @ts-expect-error a string literal is not a RunId
    const id: RunId = "251007-070457";
    // @ts-expect-error a string is not a ClientId
    withClient(runId, "Guy-Wilson");
    // @ts-expect-error a string is not a RunId
    toBaseRunId("251007-070457");
    void id;
  });

  it("brands are still strings", () => {
    expectTypeOf(base).toMatchTypeOf<string>();
    expectTypeOf(client).toMatchTypeOf<string>();
  });

  it("a ClientRunId and a BaseRunId are RunIds, but not each other", () => {
    expectTypeOf(clientRun).toMatchTypeOf<RunId>();
    expectTypeOf(base).toMatchTypeOf<RunId>();
    expectTypeOf<BaseRunId>().not.toMatchTypeOf<ClientRunId>();
    expectTypeOf<ClientRunId>().not.toMatchTypeOf<BaseRunId>();
    // @ts-expect-error a ClientId is not a RunId
    toBaseRunId(client);
  });
});

describe("function signatures", () => {
  it("return Results with the RunIdError union", () => {
    expectTypeOf(parseRunId).returns.toEqualTypeOf<Result<ParsedRunId, RunIdError>>();
    expectTypeOf(parseClientId).returns.toEqualTypeOf<Result<ClientId, RunIdError>>();
    expectTypeOf(withClient).returns.toEqualTypeOf<Result<ClientRunId, RunIdError>>();
    expectTypeOf(normalizeRunId).returns.toEqualTypeOf<Result<RunId, RunIdError>>();
    expectTypeOf(createRunIdGenerator().next).returns.toEqualTypeOf<
      Result<BaseRunId, RunIdError>
    >();
    expectTypeOf(toBaseRunId).returns.toEqualTypeOf<BaseRunId>();
    expectTypeOf(clientIdOf).returns.toEqualTypeOf<ClientId | undefined>();
  });

  it("accept any value where input is untrusted", () => {
    expectTypeOf(parseRunId).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(normalizeRunId).parameter(0).toEqualTypeOf<unknown>();
    // @ts-expect-error modes are a closed set
    parseRunId("x", { mode: "loose" });
  });
});

describe("narrowing", () => {
  it("on kind exposes each variant's fields", () => {
    const parsed = parseRunId("x");
    if (parsed.isErr()) return;
    const p = parsed.value;
    if (p.kind === "base") {
      expectTypeOf(p.runId).toEqualTypeOf<BaseRunId>();
      // @ts-expect-error a base ID has no client
      void p.clientId;
    } else if (p.kind === "client") {
      expectTypeOf(p.runId).toEqualTypeOf<ClientRunId>();
      expectTypeOf(p.baseRunId).toEqualTypeOf<BaseRunId>();
      expectTypeOf(p.clientId).toEqualTypeOf<ClientId>();
    } else {
      expectTypeOf(p.kind).toEqualTypeOf<"legacy">();
      expectTypeOf(p.format).toEqualTypeOf<"sr" | "apify" | "job" | "post-batch">();
      expectTypeOf(p.clientId).toEqualTypeOf<ClientId | undefined>();
    }
  });

  it("on error type exposes each variant's fields", () => {
    const e = {} as RunIdError;
    if (e.type === "client-mismatch") {
      expectTypeOf(e.expected).toEqualTypeOf<string>();
      expectTypeOf(e.actual).toEqualTypeOf<string>();
    }
    if (e.type === "legacy-format") expectTypeOf(e.legacy.kind).toEqualTypeOf<"legacy">();
    expectTypeOf(e.input).toEqualTypeOf<unknown>();
    expectTypeOf(e.message).toEqualTypeOf<string>();
  });
});
