import { err, ok, type Result } from "neverthrow";
import { type StoreError, storeRejected } from "../store/store-error.js";
import type { AirtableRow } from "./base-client.js";
import { chunk } from "./batcher.js";
import { causeText } from "./error-map.js";
import { anyOf, fieldEquals } from "./key-formula.js";
import type { AirtableEventFields } from "./mapping.js";

/** Clauses per list request: keeps formulas far below URL and formula length limits. */
export const CLAUSES_PER_READ = 50;

/** What to read from the events table: every event of a record, of a job, or claiming a link. */
export type EventQuery =
  | { readonly by: "key"; readonly keyText: string }
  | { readonly by: "job"; readonly runId: string }
  | { readonly by: "link"; readonly linkKey: string };

/** Which records a read returned completely (all their events), as opposed to incidentally. */
export interface Coverage {
  readonly keys: ReadonlySet<string>;
  readonly jobs: ReadonlySet<string>;
}

type Absorb = (rows: readonly AirtableRow[], coverage: Coverage) => void;

/**
 * Reads the events table, gathering queries asked for at about the same time (within `lingerMs`)
 * into one list request per {@link CLAUSES_PER_READ} clauses, so fifty concurrent lookups cost one
 * request, not fifty.
 */
export class EventReader {
  private queue: { query: EventQuery; resolve: (r: Result<void, StoreError>) => void }[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly fields: AirtableEventFields,
    private readonly lingerMs: number,
    private readonly list: (
      formula: string,
    ) => PromiseLike<Result<readonly AirtableRow[], StoreError>>,
    private readonly absorb: Absorb,
  ) {}

  /** Resolves once the events matching `query` have been read and absorbed (batched with others). */
  read(query: EventQuery): Promise<Result<void, StoreError>> {
    return new Promise((resolve) => {
      this.queue.push({ query, resolve });
      if (!this.timer) {
        this.timer = setTimeout(() => void this.run(), this.lingerMs);
        this.timer.unref?.();
      }
    });
  }

  /** Reads `queries` now (deduplicated, 50 clauses per request) and absorbs the rows. */
  async readNow(queries: readonly EventQuery[]): Promise<Result<void, StoreError>> {
    const unique = [...new Map(queries.map((q) => [JSON.stringify(q), q])).values()];
    for (const group of chunk(unique, CLAUSES_PER_READ)) {
      const rows = await this.list(anyOf(group.map((q) => this.clause(q))));
      if (rows.isErr()) return err(rows.error);
      const keys = new Set<string>();
      const jobs = new Set<string>();
      for (const q of group) {
        if (q.by === "key") keys.add(q.keyText);
        if (q.by === "job") jobs.add(q.runId);
      }
      this.absorb(rows.value, { keys, jobs });
    }
    return ok(undefined);
  }

  private clause(query: EventQuery): string {
    if (query.by === "key") return fieldEquals(this.fields.key, query.keyText);
    if (query.by === "job") return fieldEquals(this.fields.job, query.runId);
    return fieldEquals(this.fields.link, query.linkKey);
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    const waiting = this.queue;
    this.queue = [];
    // A timer callback has no caller to reject to: a defect becomes an error answer, never an
    // unhandled rejection, and no waiter is left hanging.
    const result = await this.readNow(waiting.map((w) => w.query)).catch((cause: unknown) =>
      err<void, StoreError>(
        storeRejected(
          `the Airtable store failed unexpectedly while reading events: ${causeText(cause)}`,
          cause,
        ),
      ),
    );
    for (const w of waiting) w.resolve(result);
  }
}
