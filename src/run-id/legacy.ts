import type { ClientId } from "./brand.js";
import type { LegacyFormat, LegacyRunId, Repair } from "./parsed.js";
import { CID_OK, CID_REPEATED, checkClientId, daysInMonth, repeatedUnit } from "./scanner.js";

const SR = /^(SR-(\d\d)(\d\d)(\d\d)-(\d{3})(?:-T\d+)?(?:-S(\d+))?)(?:-(.+))?$/s;
const APIFY = /^((?:apify-)?[A-Za-z0-9]{17})(?:-(.+))?$/s;
const JOB_STREAM = /^job_([a-z][a-z0-9]*(?:_[a-z][a-z0-9]*)*?)_stream(\d{1,4})_(\d{14})$/;
const JOB_EPOCH = /^job_([a-z][a-z0-9]*(?:_[a-z][a-z0-9]*)*?)(_bypass)?_(\d{13})$/;
const POST_BATCH = /^post_batch(_standalone)?_(\d{13})$/;
// `-C<client>`: the old marker, told apart from a client whose name starts with C by the
// capital (or digit) after it — `CDean-Hobin` is Dean-Hobin, `Chris-Lee` is Chris-Lee.
const C_MARKER = /^C[\p{Lu}\p{Nd}]/u;

/** Why a legacy shape was recognised but refused: its client suffix breaks the grammar. */
export interface LegacyClientProblem {
  readonly kind: "legacy-client-problem";
  readonly format: LegacyFormat;
  /** The client text that failed, after any `C` marker was removed. */
  readonly clientText: string;
  /** The {@link checkClientId} code. */
  readonly code: number;
}

/**
 * Recognises the older run ID shapes (SR, Apify, job, post-batch) in already trimmed,
 * NFC-normalised text; collapses a repeated client suffix, recording `double-suffix`.
 * @param s the text to recognise
 * @param repairs repairs applied so far (copied, never mutated)
 * @returns the description, a client problem, or undefined when no legacy shape matches
 */
export function parseLegacy(
  s: string,
  repairs: readonly Repair[],
): LegacyRunId | LegacyClientProblem | undefined {
  let m = POST_BATCH.exec(s);
  if (m) {
    const base = { format: "post-batch" as const, raw: s, stem: s, repairs, epochMs: Number(m[2]) };
    return describe(m[1] ? { ...base, variant: "standalone" } : base);
  }
  m = JOB_STREAM.exec(s);
  if (m) {
    const epochMs = utcCompact(m[3]!);
    if (epochMs === undefined) return undefined;
    const { 1: operation, 2: stream } = m;
    return describe({
      format: "job",
      raw: s,
      stem: s,
      repairs,
      epochMs,
      operation,
      stream: Number(stream),
    });
  }
  m = JOB_EPOCH.exec(s);
  if (m) {
    const base = {
      format: "job" as const,
      raw: s,
      stem: s,
      repairs,
      operation: m[1],
      epochMs: Number(m[3]),
    };
    return describe(m[2] ? { ...base, variant: "bypass" } : base);
  }
  m = SR.exec(s);
  if (m) {
    const month = Number(m[3]);
    const day = Number(m[4]);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(2000 + Number(m[2]), month)) {
      return undefined;
    }
    const extra = {
      sequence: Number(m[5]),
      ...(m[6] === undefined ? {} : { stream: Number(m[6]) }),
    };
    return withSuffix("sr", m[1]!, m[7], repairs, extra);
  }
  m = APIFY.exec(s);
  if (m) return withSuffix("apify", m[1]!, m[2], repairs, {});
  return undefined;
}

function withSuffix(
  format: LegacyFormat,
  stem: string,
  suffix: string | undefined,
  repairs: readonly Repair[],
  extra: Partial<LegacyRunId>,
): LegacyRunId | LegacyClientProblem {
  if (suffix === undefined) return describe({ format, raw: stem, stem, repairs, ...extra });
  let text = suffix;
  let repaired = repairs;
  const unit = repeatedUnit(text);
  if (unit !== undefined) {
    text = unit;
    repaired = [...repairs, "double-suffix"];
  }
  // `-CJ-Smith` is client `CJ-Smith` without the marker or `J-Smith` with it: keep every valid
  // reading (the capital-after-C guess first) so a caller who knows the client can choose.
  const guessMarker = C_MARKER.test(text);
  const readings = text.charCodeAt(0) === 67 ? [guessMarker, !guessMarker] : [false];
  const found: ClientReading[] = [];
  let problem: LegacyClientProblem | undefined;
  for (const marked of readings) {
    const reading = readClient(marked ? text.slice(1) : text, marked);
    if (reading.code === CID_OK) found.push(reading);
    else
      problem ??= {
        kind: "legacy-client-problem",
        format,
        clientText: reading.text,
        code: reading.code,
      };
  }
  const first = found[0];
  if (first === undefined) return problem!;
  if (first.collapsed && !repaired.includes("double-suffix")) {
    repaired = [...repaired, "double-suffix"];
  }
  const marker = first.marked ? "C" : "";
  return describe({
    format,
    raw: `${stem}-${marker}${first.text}`,
    stem,
    repairs: repaired,
    clientId: first.text as ClientId,
    clientIds: [...new Set(found.map((r) => r.text as ClientId))],
    ...extra,
  });
}

interface ClientReading {
  readonly text: string;
  readonly marked: boolean;
  readonly code: number;
  readonly collapsed: boolean;
}

// `CGuy-Wilson-Guy-Wilson`: the marker on the first copy only, so collapse after removing it.
function readClient(text: string, marked: boolean): ClientReading {
  const code = checkClientId(text);
  if (code !== CID_REPEATED) return { text, marked, code, collapsed: false };
  const unit = repeatedUnit(text)!;
  return { text: unit, marked, code: checkClientId(unit), collapsed: true };
}

function describe(fields: Omit<LegacyRunId, "kind">): LegacyRunId {
  return { kind: "legacy", ...fields };
}

// `YYYYMMDDHHMMSS` read as UTC; undefined unless it names a real moment.
function utcCompact(d: string): number | undefined {
  const n = (from: number, len: number): number => Number(d.slice(from, from + len));
  const [year, month, day, hour, minute, second] = [
    n(0, 4),
    n(4, 2),
    n(6, 2),
    n(8, 2),
    n(10, 2),
    n(12, 2),
  ];
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}
