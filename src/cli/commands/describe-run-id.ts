import { type ParsedRunId, parseRunId, type RunIdError, runIdDate } from "../../index.js";
import { formatInZone, formatUtc } from "../time-zone.js";

/** The moment a run ID names, in UTC and optionally in a chosen zone. */
export interface DescribedTime {
  readonly utc: string;
  readonly timeZone?: string;
  readonly local?: string;
}

/** What `run-records parse` reports for one input: the parsed shape, or the error. */
export type RunIdDescription =
  | {
      readonly input: string;
      readonly ok: true;
      readonly kind: ParsedRunId["kind"];
      readonly runId: string;
      readonly baseRunId?: string;
      readonly clientId?: string;
      readonly format?: string;
      readonly stem?: string;
      readonly operation?: string;
      readonly time?: DescribedTime;
      readonly repairs: readonly string[];
    }
  | {
      readonly input: string;
      readonly ok: false;
      readonly error: { readonly type: RunIdError["type"]; readonly message: string };
    };

const describeTime = (date: Date, timeZone: string | undefined): DescribedTime | undefined => {
  if (Number.isNaN(date.getTime())) return undefined;
  return timeZone === undefined
    ? { utc: formatUtc(date) }
    : { utc: formatUtc(date), timeZone, local: formatInZone(date, timeZone) };
};

/**
 * Parses one input leniently and describes it for people and machines.
 * @param timeZone - a checked IANA zone to show the moment in, besides UTC
 */
export const describeRunId = (input: string, timeZone?: string): RunIdDescription => {
  const parsed = parseRunId(input);
  if (parsed.isErr()) {
    return { input, ok: false, error: { type: parsed.error.type, message: parsed.error.message } };
  }
  const value = parsed.value;
  if (value.kind === "legacy") {
    return {
      input,
      ok: true,
      kind: "legacy",
      runId: value.raw,
      format: value.format,
      stem: value.stem,
      clientId: value.clientId,
      operation: value.operation,
      time:
        value.epochMs === undefined ? undefined : describeTime(new Date(value.epochMs), timeZone),
      repairs: value.repairs,
    };
  }
  return {
    input,
    ok: true,
    kind: value.kind,
    runId: value.runId,
    baseRunId: value.kind === "client" ? value.baseRunId : value.runId,
    clientId: value.kind === "client" ? value.clientId : undefined,
    time: runIdDate(value.runId)
      .map((date) => describeTime(date, timeZone))
      .unwrapOr(undefined),
    repairs: value.repairs,
  };
};

/** Renders one description as indented `label  value` lines. */
export const formatDescription = (d: RunIdDescription): string => {
  const rows: [string, string | undefined][] = d.ok
    ? [
        ["kind", d.format === undefined ? d.kind : `${d.kind} (${d.format})`],
        ["run id", d.runId],
        ["base", d.baseRunId ?? d.stem],
        ["client", d.clientId],
        ["operation", d.operation],
        ["utc", d.time?.utc],
        [d.time?.timeZone ?? "local", d.time?.local],
        ["repairs", d.repairs.length === 0 ? "none" : d.repairs.join(", ")],
      ]
    : [
        ["error", d.error.type],
        ["message", d.error.message],
      ];
  const shown = rows.filter((r): r is [string, string] => r[1] !== undefined);
  const width = Math.max(...shown.map(([label]) => label.length));
  return [
    JSON.stringify(d.input),
    ...shown.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
  ].join("\n");
};
