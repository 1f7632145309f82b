import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { RunRecordService, ServiceError } from "../../src/service/index.js";
import { BASE, fail, ok, serviceFixture } from "./support/service-fixture.js";

const ERROR_TYPES = new Set([
  "invalid-run-id",
  "invalid-argument",
  "not-found",
  "conflict",
  "client-mismatch",
  "run-terminal",
  "store-unavailable",
  "store-rejected",
]);

const withClientRun = async () => {
  const fixture = serviceFixture();
  await ok(fixture.service.startJob({ runId: BASE }));
  await ok(fixture.service.startClientRun({ runId: BASE, clientId: "Guy-Wilson" }));
  return fixture;
};

/** Every method, called with whatever `a`, `b`, `c`, `d` are (as a JavaScript caller could). */
const everyMethod = (s: RunRecordService, a: unknown, b: unknown, c: unknown, d: unknown) => {
  const x = s as unknown as Record<string, (...args: unknown[]) => PromiseLike<unknown>>;
  return {
    startJob: () => x.startJob!(a),
    startClientRun: () => x.startClientRun!(a),
    startOperation: () => x.startOperation!(a, b, c),
    completeOperation: () => x.completeOperation!(a, b, c, d),
    completeClientRun: () => x.completeClientRun!(a, b, c),
    completeJob: () => x.completeJob!(a, b),
    sealJob: () => x.sealJob!(a),
    recordMetrics: () => x.recordMetrics!(a, b, c, d),
    setMetrics: () => x.setMetrics!(a, b, c, d),
    appendProgress: () => x.appendProgress!(a, b, c, d),
    linkExternalRun: () => x.linkExternalRun!(a),
    resolveExternalRun: () => x.resolveExternalRun!(a, b),
    getJob: () => x.getJob!(a),
    getClientRun: () => x.getClientRun!(a, b),
    listClientRuns: () => x.listClientRuns!(a),
    summarizeJob: () => x.summarizeJob!(a),
    sweepStaleRuns: () => x.sweepStaleRuns!(a),
    reopenJob: () => x.reopenJob!(a, b),
    reopenClientRun: () => x.reopenClientRun!(a, b, c),
  };
};

const BAD_RUN_IDS: readonly [unknown, string][] = [
  [undefined, "not-a-string"],
  [null, "not-a-string"],
  [251007070457, "not-a-string"],
  [{ runId: BASE }, "not-a-string"],
  [[BASE], "not-a-string"],
  [Symbol("x"), "not-a-string"],
  [10n, "not-a-string"],
  [() => BASE, "not-a-string"],
  ["", "empty"],
  ["   \n", "empty"],
  ["UNKNOWN", "placeholder"],
  ["standalone", "placeholder"],
  ["SR-250924-001-T3304-S1-CDean-Hobin", "legacy-format"],
  ["8MSTBAfqMzuXPvgB3-CGuy-Wilson", "legacy-format"],
  ["job_post_scoring_stream1_20250929094802", "legacy-format"],
  ["post_batch_1717146242405", "legacy-format"],
];

describe("invalid input", () => {
  it.each(BAD_RUN_IDS)(
    "run ID %s is invalid-run-id (%s) from every method that takes one",
    async (runId, inner) => {
      const { service } = await withClientRun();
      const errors = await Promise.all([
        fail(service.getJob(runId as never)),
        fail(service.getClientRun(runId as never, "Guy-Wilson")),
        fail(service.listClientRuns(runId as never)),
        fail(service.recordMetrics(runId as never, "Guy-Wilson", { a: 1 })),
        fail(service.appendProgress(runId as never, "Guy-Wilson", "x")),
        fail(service.startClientRun({ runId: runId as never, clientId: "Guy-Wilson" })),
        fail(service.sealJob(runId as never)),
        fail(service.reopenClientRun(runId as never, "Guy-Wilson")),
      ]);
      for (const error of errors) {
        expect(error).toMatchObject({ type: "invalid-run-id", error: { type: inner } });
        expect(error.message.length).toBeGreaterThan(0);
      }
    },
  );

  it("month 13 and hour 25 are refused, not stored", async () => {
    const { service } = serviceFixture();
    for (const runId of ["251399-256199", "251301-000000", "250229-120000", "251007-250000"]) {
      expect((await fail(service.startJob({ runId }))).type).toBe("invalid-run-id");
    }
  });

  it.each([
    [42],
    [null],
    [""],
    ["Guy Wilson"],
    ["Guy'Wilson"],
    ["{Guy}"],
    ["Guy-Wilson-Guy-Wilson"],
    ["251007-070457-Guy"],
  ])("client ID %j is invalid-run-id wrapping the client ID error", async (clientId) => {
    const { service } = await withClientRun();
    const error = await fail(service.recordMetrics(BASE, clientId as never, { a: 1 }));
    expect(error.type).toBe("invalid-run-id");
  });

  it.each([[null], [42], ["x"], [[1]]])("an options bag %j is invalid-argument", async (bag) => {
    const { service } = await withClientRun();
    expect((await fail(service.startJob(bag as never))).type).toBe("invalid-argument");
    expect((await fail(service.startClientRun(bag as never))).type).toBe("invalid-argument");
    expect((await fail(service.linkExternalRun(bag as never))).type).toBe("invalid-argument");
    expect(
      (await fail(service.recordMetrics(BASE, "Guy-Wilson", { a: 1 }, bag as never))).type,
    ).toBe("invalid-argument");
  });

  it("an object whose getters throw is an error value, not a throw", async () => {
    const { service } = await withClientRun();
    const hostile = Object.defineProperty({}, "runId", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    const error = await fail(service.startClientRun(hostile as never));
    expect(ERROR_TYPES.has(error.type)).toBe(true);
  });

  it("throwing getters or a revoked Proxy in an argument are invalid-argument naming it", async () => {
    const { service } = await withClientRun();
    const getterThrows = (key: string) =>
      Object.defineProperty({}, key, {
        enumerable: true,
        get() {
          throw new Error("boom");
        },
      });
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const cases = [
      ["startJob input", () => fail(service.startJob(getterThrows("notes") as never))],
      ["completeJob input", () => fail(service.completeJob(BASE, getterThrows("status") as never))],
      ["options", () => fail(service.recordMetrics(BASE, "Guy-Wilson", { a: 1 }, revoked.proxy))],
      ["deltas", () => fail(service.recordMetrics(BASE, "Guy-Wilson", getterThrows("a") as never))],
      ["notes", () => fail(service.reopenJob(BASE, { notes: revoked.proxy as never }))],
    ] as const;
    for (const [field, call] of cases) {
      const error = await call();
      expect(error.type, field).toBe("invalid-argument");
      expect(error.type === "invalid-argument" && error.field, field).toBe(field);
    }
  });

  fcTest.prop([fc.anything(), fc.anything(), fc.anything(), fc.anything()], { numRuns: 150 })(
    "no method throws or rejects for arguments of any type; failures are typed errors",
    async (a, b, c, d) => {
      const { service } = await withClientRun();
      for (const [name, call] of Object.entries(everyMethod(service, a, b, c, d))) {
        const result = (await call()) as { isErr(): boolean; error?: ServiceError };
        if (result.isErr()) {
          expect(ERROR_TYPES.has(result.error?.type ?? ""), name).toBe(true);
          expect(typeof result.error?.message, name).toBe("string");
        }
      }
    },
  );

  fcTest.prop(
    [
      fc.constantFrom(BASE, `${BASE}-Guy-Wilson`),
      fc.constantFrom("Guy-Wilson", undefined),
      fc.anything(),
      fc.anything(),
    ],
    { numRuns: 150 },
  )(
    "with valid IDs, any other arguments still give a value or a typed error",
    async (a, b, c, d) => {
      const { service } = await withClientRun();
      for (const [name, call] of Object.entries(everyMethod(service, a, b, c, d))) {
        const result = (await call()) as { isErr(): boolean; error?: ServiceError };
        if (result.isErr()) expect(ERROR_TYPES.has(result.error?.type ?? ""), name).toBe(true);
      }
    },
  );
});
