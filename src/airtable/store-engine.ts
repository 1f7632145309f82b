import { err, ok, type Result } from "neverthrow";
import { FINISHED_STATUSES } from "../store/records.js";
import { type StoreError, storeRejected, storeUnavailable } from "../store/store-error.js";
import type { AirtableRow, BaseClient } from "./base-client.js";
import type { Coalescer, PendingOps } from "./coalescer.js";
import { causeText } from "./error-map.js";
import {
  decodeEvent,
  type EventDecodeError,
  type EventOp,
  encodeOps,
  type StoredEvent,
} from "./event-codec.js";
import type { Coverage, EventQuery, EventReader } from "./event-reader.js";
import { appendEvents } from "./event-writer.js";
import type { StepOutcome } from "./fold.js";
import type { AirtableMapping } from "./mapping.js";
import { Projection } from "./projection.js";
import { encodeKey, encodeLinkKey, type RecordKey } from "./record-key.js";
import type { Held, Replica } from "./replica.js";

/** What the engine needs. */
export interface StoreEngineOptions {
  readonly client: BaseClient;
  readonly mapping: AirtableMapping;
  readonly replica: Replica;
  readonly now: () => number;
  readonly random: () => number;
  /** Keep ended jobs in memory instead of reading them back when asked again. @default false */
  readonly keepEndedJobs?: boolean;
  /** Told the run ID of every job forgotten. */
  readonly onEvict?: (runId: string) => void;
  /** Read back every claim of the links in a batch (shared consistency). @default false */
  readonly shared?: boolean;
  /** Told of every events-table row skipped because it is not a well-formed event, once per row. */
  readonly onSkippedEvent?: (error: EventDecodeError) => void;
}

const ENDED: ReadonlySet<string> = new Set(FINISHED_STATUSES);

/** The write side of the store: flush rounds, create confirmation, reading events back. */
export interface StoreEngine {
  /** Folds rows read from the events table into the replica. */
  absorbRows(rows: readonly AirtableRow[], coverage: Coverage): void;
  /**
   * Writes everything buffered (rounds until nothing is left), then, when `project`, the changed
   * projection rows; rounds run one at a time.
   * @default project true
   */
  flushAll(
    coalescer: Coalescer,
    reader: EventReader,
    project?: boolean,
  ): Promise<Result<void, StoreError>>;
  /** Buffers a create (once per key) and resolves when its round has read the winner back. */
  awaitCreate(
    keyText: string,
    key: RecordKey,
    op: EventOp,
    coalescer: Coalescer,
  ): Promise<Result<void, StoreError>>;
  /**
   * Buffers an op someone waits on (shared consistency) and resolves, once its round has read the
   * record back, with what the fold made of it there.
   */
  awaitOp(
    key: RecordKey,
    op: EventOp,
    coalescer: Coalescer,
  ): Promise<Result<StepOutcome, StoreError>>;
  /** A fresh event or link token. */
  newToken(): string;
}

type Waiter = (result: Result<void, StoreError>) => void;
type OpWaiter = (result: Result<StepOutcome, StoreError>) => void;

const unexpected = (cause: unknown): StoreError =>
  storeRejected(
    `the Airtable store failed unexpectedly while flushing: ${causeText(cause)}`,
    cause,
  );

/**
 * Creates the engine. A round: append one event per record (all its buffered ops, so increments and
 * progress lines coalesce), in batches of 10; read those records' events back (the events a
 * concurrent writer committed included) and fold them; settle waiting creates with the winner;
 * upsert the projection rows that changed.
 */
export const createStoreEngine = (options: StoreEngineOptions): StoreEngine => {
  const { client, mapping, replica, now, random } = options;
  const e = mapping.eventFields;
  const waiters = new Map<string, Waiter[]>();
  const creating = new Set<string>();
  const opWaiters = new Map<EventOp, OpWaiter>();
  // Where each op of the current batch went: its event's token and its index in that event.
  const placed = new Map<EventOp, string>();
  const dirty = new Map<string, Held>();
  let chain: Promise<Result<void, StoreError>> = Promise.resolve(ok(undefined));
  const projection = new Projection(client, mapping, replica);
  // Rows already reported as skipped: every read-back of their job would report them again.
  const skipped = new Set<string>();

  const newToken = (): string =>
    `ev${now().toString(36)}${Math.floor(random() * 36 ** 8).toString(36)}${Math.floor(random() * 36 ** 8).toString(36)}`;

  const absorbRows = (rows: readonly AirtableRow[], coverage: Coverage): void => {
    const events: StoredEvent[] = [];
    for (const row of rows) {
      const decoded = decodeEvent(mapping, row);
      if (decoded.isOk()) events.push(decoded.value);
      else if (!skipped.has(row.id)) {
        skipped.add(row.id);
        try {
          options.onSkippedEvent?.(decoded.error);
        } catch {
          // The caller's reporter failing must not stop the fold of every other event.
        }
      }
    }
    replica.absorb(
      events,
      (ev) => coverage.keys.has(ev.keyText) || coverage.jobs.has(ev.key.runId),
    );
  };

  /** Answers everyone waiting on a create of `keyText`; `stillPending` when its op went back to the buffer. */
  const settle = (keyText: string, result: Result<void, StoreError>, stillPending = false) => {
    const list = waiters.get(keyText) ?? [];
    waiters.delete(keyText);
    if (!stillPending) creating.delete(keyText);
    for (const w of list) w(result);
  };

  // Only a batch carrying a key's create answers the creates waiting on it: one taken before the
  // create was asked for (a link or note of that key) leaves it still buffered, not yet written.
  const creates = (batch: Map<string, PendingOps>): string[] =>
    [...batch].filter(([, p]) => p.ops.some((op) => op.t === "create")).map(([k]) => k);

  // One event per record, except that an event claims at most one link (its Link cell is searchable).
  const toRows = (batch: Map<string, PendingOps>) => {
    const rows: Record<string, string | number>[] = [];
    for (const [keyText, { key, ops }] of batch) {
      let group: EventOp[] = [];
      let link: string | undefined;
      const emit = () => {
        if (group.length === 0) return;
        const token = newToken();
        group.forEach((op, i) => {
          if (opWaiters.has(op)) placed.set(op, `${token}#${i}`);
        });
        const at = now();
        rows.push({
          [e.key]: keyText,
          [e.job]: key.runId,
          [e.token]: token,
          [e.changes]: encodeOps(group),
          [e.at]: at,
          ...(link === undefined ? {} : { [e.link]: link }),
          ...(group.some((op) => op.t === "create") ? { [e.created]: at } : {}),
        });
        group = [];
        link = undefined;
      };
      for (const op of ops) {
        if (op.t === "link") {
          if (link !== undefined) emit();
          link = encodeLinkKey(op.link.provider, op.link.externalId);
        }
        group.push(op);
      }
      emit();
    }
    return rows;
  };

  const answerOps = (
    batch: Map<string, PendingOps>,
    answer: (op: EventOp, held: Held) => Result<StepOutcome, StoreError>,
  ) => {
    for (const pending of batch.values()) {
      const held = replica.entry(pending.key);
      for (const op of pending.ops) {
        const waiter = opWaiters.get(op);
        if (!waiter) continue;
        const result = answer(op, held);
        opWaiters.delete(op);
        placed.delete(op);
        waiter(result);
      }
    }
  };

  const writeBatch = async (
    coalescer: Coalescer,
    reader: EventReader,
    batch: Map<string, PendingOps>,
  ): Promise<Result<void, StoreError>> => {
    const written = await appendEvents(client, mapping, toRows(batch));
    if (written.isErr()) {
      // Not written (or not known to be): keep everything for the next round; a repeat is
      // harmless because every op carries its token and the fold applies a token once.
      coalescer.restore(batch);
      for (const keyText of creates(batch)) settle(keyText, err(written.error), true);
      answerOps(batch, () => err(written.error));
      return err(written.error);
    }
    // One clause per job reads every record of the batch back (all their events: complete).
    const jobs = new Set([...batch.values()].map((p) => p.key.runId as string));
    const queries: EventQuery[] = [...jobs].map((runId) => ({ by: "job", runId }));
    // Links are first-wins across jobs: with shared consistency, read every claim of each
    // external run linked here (process consistency asked the table before accepting the link).
    for (const { ops } of options.shared ? batch.values() : []) {
      for (const op of ops) {
        if (op.t === "link") {
          queries.push({
            by: "link",
            linkKey: encodeLinkKey(op.link.provider, op.link.externalId),
          });
        }
      }
    }
    const read = await reader.readNow(queries);
    for (const [keyText, pending] of batch) {
      const held = replica.entry(pending.key);
      if (read.isOk()) replica.confirm(held, pending.ops);
      dirty.set(keyText, held);
    }
    for (const keyText of creates(batch))
      settle(keyText, read.isOk() ? ok(undefined) : err(read.error));
    answerOps(batch, (op, held) => {
      if (read.isErr()) return err(read.error);
      const outcome = held.outcomes.get(placed.get(op) ?? "");
      return outcome
        ? ok(outcome)
        : err(storeUnavailable("the event was written but not read back", undefined, "unknown"));
    });
    if (read.isErr()) return err(read.error);
    return ok(undefined);
  };

  const round = async (
    coalescer: Coalescer,
    reader: EventReader,
    project: boolean,
  ): Promise<Result<void, StoreError>> => {
    const batch = coalescer.take();
    if (batch.size > 0) {
      const sent = await writeBatch(coalescer, reader, batch).catch((cause: unknown) => {
        // A defect, not a failure of Airtable: keep the ops (a repeat is harmless) and answer waiters.
        const error = unexpected(cause);
        coalescer.restore(batch);
        for (const keyText of creates(batch)) settle(keyText, err(error), true);
        answerOps(batch, () => err(error));
        return err<void, StoreError>(error);
      });
      if (sent.isErr()) return sent;
    }
    if (dirty.size === 0) return ok(undefined);
    // Rounds someone is waiting on (creates) leave the rows to the next regular flush, which
    // then writes each row once; recent creations stay findable through the events' Created cell.
    if (!project) {
      coalescer.remind();
      return ok(undefined);
    }
    const targets = [...dirty.values()];
    dirty.clear();
    const projected = await projection
      .write(targets)
      .catch((cause: unknown) => err<void, StoreError>(unexpected(cause)));
    if (projected.isErr()) for (const h of targets) dirty.set(h.keyText, h);
    return projected;
  };

  const flushAll = (
    coalescer: Coalescer,
    reader: EventReader,
    project = true,
  ): Promise<Result<void, StoreError>> => {
    chain = chain.then(async () => {
      while (coalescer.size > 0 || (project && dirty.size > 0)) {
        const r = await round(coalescer, reader, project).catch((cause: unknown) =>
          err<void, StoreError>(unexpected(cause)),
        );
        if (r.isErr()) return r;
      }
      if (project && !options.keepEndedJobs && coalescer.size === 0 && dirty.size === 0) {
        for (const runId of replica.evictEnded((s) => ENDED.has(s))) options.onEvict?.(runId);
      }
      return ok(undefined);
    });
    // The interval timer flushes with `void`: the chain must never reject (no unhandled
    // rejection, and no later flush inherits a rejected chain).
    chain = chain.catch((cause: unknown) => err<void, StoreError>(unexpected(cause)));
    return chain;
  };

  const awaitCreate = (keyText: string, key: RecordKey, op: EventOp, coalescer: Coalescer) =>
    new Promise<Result<void, StoreError>>((resolve) => {
      waiters.set(keyText, [...(waiters.get(keyText) ?? []), resolve]);
      if (!creating.has(keyText)) {
        creating.add(keyText);
        coalescer.add(keyText, key, op, true);
      } else {
        coalescer.hurry();
      }
    });

  const awaitOp = (key: RecordKey, op: EventOp, coalescer: Coalescer) =>
    new Promise<Result<StepOutcome, StoreError>>((resolve) => {
      opWaiters.set(op, resolve);
      coalescer.add(encodeKey(key), key, op, true);
    });

  return { absorbRows, flushAll, awaitCreate, awaitOp, newToken };
};
