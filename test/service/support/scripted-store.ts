import { errAsync, type ResultAsync } from "neverthrow";
import type { RunRecordStore, StoreCapabilities } from "../../../src/store/port.js";
import type { StoreError } from "../../../src/store/store-error.js";

/** What a scripted call does instead of (or after) reaching the inner store. */
export type Scripted = StoreError | "throw" | "reject" | { readonly afterWrite: StoreError };

/**
 * Wraps a store, counting calls per method; `script(method, n)` (n = 0-based call number of that
 * method) may make a call fail, throw, reject, or fail after applying its write.
 */
export const scriptedStore = (
  inner: RunRecordStore,
  script: (method: string, n: number) => Scripted | undefined,
  capabilities: Partial<StoreCapabilities> = {},
) => {
  const calls = new Map<string, number>();
  const proxy = {} as Record<string, unknown>;
  for (const method of [
    "createJob",
    "getJob",
    "updateJob",
    "createClientRun",
    "getClientRun",
    "listClientRuns",
    "updateClientRun",
    "listRunning",
    "linkExternalRun",
    "resolveExternalRun",
  ] as const) {
    proxy[method] = (...args: unknown[]) => {
      const n = calls.get(method) ?? 0;
      calls.set(method, n + 1);
      const scripted = script(method, n);
      const forward = () =>
        (inner[method] as (...a: unknown[]) => ResultAsync<unknown, StoreError>)(...args);
      if (scripted === undefined) return forward();
      if (scripted === "throw") throw new Error(`${method} threw`);
      if (scripted === "reject") return Promise.reject(new Error(`${method} rejected`));
      if ("afterWrite" in scripted) return forward().andThen(() => errAsync(scripted.afterWrite));
      return errAsync(scripted);
    };
  }
  const store = {
    ...proxy,
    name: `scripted(${inner.name})`,
    capabilities: { ...inner.capabilities, ...capabilities },
  } as unknown as RunRecordStore;
  return { store, calls: (method: string) => calls.get(method) ?? 0 };
};

/** A transient failure with the given outcome. */
export const unavailable = (outcome: "not-applied" | "unknown" = "not-applied"): StoreError => ({
  type: "unavailable",
  message: "503 from the store",
  outcome,
});
