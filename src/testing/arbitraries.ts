import fc from "fast-check";
import type { BaseRunId, ClientId, ClientRunId } from "../run-id/brand.js";
import { parseClientId, parseRunId, withClient } from "../run-id/index.js";

const FIRST = Date.UTC(2000, 0, 1);
const LAST = Date.UTC(2099, 11, 31, 23, 59, 59);
const pad = (n: number) => String(n).padStart(2, "0");

/** Canonical base run IDs (`YYMMDD-HHMMSS`) over 2000–2099, minted by the library's own parser. */
export function arbitraryBaseRunId(): fc.Arbitrary<BaseRunId> {
  return fc
    .integer({ min: FIRST / 1000, max: LAST / 1000 })
    .map((seconds) => {
      const d = new Date(seconds * 1000);
      const date = `${pad(d.getUTCFullYear() % 100)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
      const time = `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
      return parseRunId(`${date}-${time}`, { mode: "strict" });
    })
    .filter((parsed) => parsed.isOk() && parsed.value.kind === "base")
    .map((parsed) => (parsed._unsafeUnwrap() as { runId: BaseRunId }).runId);
}

const ASCII = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"];
const UNICODE = [..."éüñßøłŽΩЖ日本"];
const REAL_CLIENTS = [
  "Guy-Wilson",
  "Dean-Hobin",
  "Guy",
  "Wilson",
  "123",
  "123-456",
  "456",
  "José-Núñez",
];

/**
 * Valid client IDs: real-world names, hyphenated tails of each other, digits-only IDs and non-ASCII letters,
 * each accepted by `parseClientId`.
 */
export function arbitraryClientId(): fc.Arbitrary<ClientId> {
  const segment = fc.string({
    unit: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...ASCII) },
      fc.constantFrom(...UNICODE),
    ),
    minLength: 1,
    maxLength: 8,
  });
  const composed = fc
    .tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.constantFrom("-", "_"))
    .map(([segments, separator]) => segments.join(separator));
  return fc
    .oneof(fc.constantFrom(...REAL_CLIENTS), composed)
    .map((text) => parseClientId(text))
    .filter((parsed) => parsed.isOk())
    .map((parsed) => parsed._unsafeUnwrap());
}

/** Canonical client run IDs, built by `withClient` from generated base run IDs and client IDs. */
export function arbitraryClientRunId(): fc.Arbitrary<ClientRunId> {
  return fc
    .tuple(arbitraryBaseRunId(), arbitraryClientId())
    .map(([base, client]) => withClient(base, client))
    .filter((made) => made.isOk())
    .map((made) => made._unsafeUnwrap());
}
