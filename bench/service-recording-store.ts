import type { ResultAsync } from "neverthrow";
import type { RunRecordStore } from "../src/store/port.js";

type Method = Exclude<keyof RunRecordStore, "name" | "capabilities" | "flush" | "close">;

const METHODS: readonly Method[] = [
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
];

/** One raw store call as the service made it. */
export interface RecordedCall {
  readonly method: Method;
  readonly args: readonly unknown[];
}

/** Wraps a store and records every call the service makes (method and arguments), in call order. */
export const recordingStore = (inner: RunRecordStore) => {
  const calls: RecordedCall[] = [];
  const store = { name: `recording(${inner.name})`, capabilities: inner.capabilities } as Record<
    string,
    unknown
  >;
  for (const method of METHODS) {
    const forward = inner[method] as (...args: unknown[]) => ResultAsync<unknown, unknown>;
    store[method] = (...args: unknown[]) => {
      calls.push({ method, args });
      return forward(...args);
    };
  }
  return { store: store as unknown as RunRecordStore, calls };
};

/** Replays recorded calls directly on `store`, one after another: the raw cost of the same work. */
export const replay = async (store: RunRecordStore, calls: readonly RecordedCall[]) => {
  for (const { method, args } of calls) {
    await (store[method] as (...a: unknown[]) => ResultAsync<unknown, unknown>)(...args);
  }
};
