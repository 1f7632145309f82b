import type { BaseRunId, ClientId, ClientRunId } from "../run-id/brand.js";
import { parseClientId, parseRunId } from "../run-id/index.js";
import { isRecordName, RECORD_NAME_RULE } from "../store/names.js";
import {
  OPERATION_STATUSES,
  type OperationState,
  type ProgressLine,
  RUN_STATUSES,
  type RunStatus,
} from "../store/records.js";

// The largest distance from the epoch, in ms, that a Date can represent (ECMA-262 TimeClip).
const MAX_DATE_MS = 8.64e15;

/** The first problem found in untrusted input: where, what, and the offending value. */
export interface DecodeIssue {
  readonly path: string;
  readonly message: string;
  readonly value: unknown;
}

/**
 * Field decoders for untrusted snapshot input; each returns the value or `undefined`, recording the first issue
 * (collecting instead of throwing keeps `parseMemorySnapshot` a plain Result-returning function).
 */
export class Decoder {
  /** The first problem recorded, if any. */
  issue: DecodeIssue | undefined;

  /** Records a problem (only the first is kept) and returns `undefined`. */
  fail(path: string, message: string, value: unknown): undefined {
    this.issue ??= { path, message, value };
    return undefined;
  }

  /** A plain object (not null, not an array). */
  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
    return this.fail(path, "expected an object", value);
  }

  /** An array whose items all decode. */
  array<T>(
    value: unknown,
    path: string,
    item: (v: unknown, p: string) => T | undefined,
  ): T[] | undefined {
    if (!Array.isArray(value)) return this.fail(path, "expected an array", value);
    const out: T[] = [];
    for (const [index, v] of value.entries()) {
      const decoded = item(v, `${path}[${index}]`);
      if (decoded === undefined) return undefined;
      out.push(decoded);
    }
    return out;
  }

  /** A string. */
  string(value: unknown, path: string): string | undefined {
    return typeof value === "string" ? value : this.fail(path, "expected a string", value);
  }

  /** A finite number. */
  number(value: unknown, path: string): number | undefined {
    return Number.isFinite(value)
      ? (value as number)
      : this.fail(path, "expected a finite number", value);
  }

  /** An instant in epoch ms that a `Date` can hold (finite, within ±8.64e15). */
  time(value: unknown, path: string): number | undefined {
    const n = this.number(value, path);
    if (n === undefined) return undefined;
    return Math.abs(n) <= MAX_DATE_MS
      ? n
      : this.fail(path, "expected a time within Date's range", n);
  }

  /** A boolean. */
  boolean(value: unknown, path: string): boolean | undefined {
    return typeof value === "boolean" ? value : this.fail(path, "expected a boolean", value);
  }

  /** One of the given literals. */
  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    return allowed.includes(value as T)
      ? (value as T)
      : this.fail(path, `expected one of ${allowed.join(", ")}`, value);
  }

  /** A canonical base run ID (strict parse: a snapshot is written by us, so nothing needs repair). */
  baseRunId(value: unknown, path: string): BaseRunId | undefined {
    const parsed = parseRunId(value, { mode: "strict" });
    if (parsed.isOk() && parsed.value.kind === "base") return parsed.value.runId;
    return this.fail(path, "expected a canonical base run ID", value);
  }

  /** A canonical client run ID of the given job and client. */
  clientRunId(
    value: unknown,
    path: string,
    base: BaseRunId,
    client: ClientId,
  ): ClientRunId | undefined {
    const parsed = parseRunId(value, { mode: "strict" });
    if (
      parsed.isOk() &&
      parsed.value.kind === "client" &&
      parsed.value.baseRunId === base &&
      parsed.value.clientId === client
    ) {
      return parsed.value.runId;
    }
    return this.fail(path, `expected the client run ID of ${base} and ${client}`, value);
  }

  /** A valid client ID, exactly as given. */
  clientId(value: unknown, path: string): ClientId | undefined {
    const parsed = parseClientId(value);
    if (parsed.isOk() && parsed.value === value) return parsed.value;
    return this.fail(path, "expected a canonical client ID", value);
  }

  /** A run status. */
  status(value: unknown, path: string): RunStatus | undefined {
    return this.oneOf(value, path, RUN_STATUSES);
  }

  /** A progress line. */
  progressLine(value: unknown, path: string): ProgressLine | undefined {
    const o = this.object(value, path);
    if (!o) return undefined;
    const at = this.time(o.at, `${path}.at`);
    const message = this.string(o.message, `${path}.message`);
    return at === undefined || message === undefined ? undefined : { at, message };
  }

  /** An operation state. */
  operation(value: unknown, path: string): OperationState | undefined {
    const o = this.object(value, path);
    if (!o) return undefined;
    const status = this.oneOf(o.status, `${path}.status`, OPERATION_STATUSES);
    const startedAt = this.optional(o.startedAt, `${path}.startedAt`, (v, p) => this.time(v, p));
    const endedAt = this.optional(o.endedAt, `${path}.endedAt`, (v, p) => this.time(v, p));
    if (status === undefined || startedAt === null || endedAt === null) return undefined;
    return {
      status,
      ...(startedAt === undefined ? {} : { startedAt }),
      ...(endedAt === undefined ? {} : { endedAt }),
    };
  }

  /**
   * A record keyed by names the service accepts (metrics, operations), whose values all decode,
   * rebuilt with own properties only.
   */
  namedDictionary<T>(
    value: unknown,
    path: string,
    item: (v: unknown, p: string) => T | undefined,
  ): Record<string, T> | undefined {
    const o = this.object(value, path);
    if (!o) return undefined;
    const entries: [string, T][] = [];
    for (const [key, v] of Object.entries(o)) {
      if (!isRecordName(key)) {
        return this.fail(
          `${path}[${JSON.stringify(key)}]`,
          `a name the service refuses: ${RECORD_NAME_RULE}`,
          key,
        );
      }
      const decoded = item(v, `${path}[${JSON.stringify(key)}]`);
      if (decoded === undefined) return undefined;
      entries.push([key, decoded]);
    }
    return Object.fromEntries(entries);
  }

  /** An absent field (`undefined`), a decoded value, or `null` when present but invalid. */
  optional<T>(
    value: unknown,
    path: string,
    item: (v: unknown, p: string) => T | undefined,
  ): T | undefined | null {
    if (value === undefined) return undefined;
    return item(value, path) ?? null;
  }
}
