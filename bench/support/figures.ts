import type { Bench } from "tinybench";

/**
 * Calls per second of a finished tinybench task whose every iteration makes `callsPerIteration` calls.
 * @returns 0 when the task is missing or has no result
 */
export const callsPerSecond = (bench: Bench, name: string, callsPerIteration: number): number => {
  const result = bench.getTask(name)?.result as { throughput?: { mean?: number } } | undefined;
  return (result?.throughput?.mean ?? 0) * callsPerIteration;
};

/** A rate rounded to a whole number, with thousands separators, for a markdown table. */
export const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
