import type { ExternalRunLink } from "../store/records.js";
import { compareEvents, type EventOp, type StoredEvent } from "./event-codec.js";
import { copyState, emptyState, type KeyState, type StepOutcome, stepOp } from "./fold.js";
import { encodeKey, encodeLinkKey, type RecordKey } from "./record-key.js";

/** What this process knows of one record: the events read back, and its own ops not yet confirmed. */
export interface Held {
  readonly key: RecordKey;
  readonly keyText: string;
  /** Events read from the table, in commit order. */
  events: StoredEvent[];
  /** The fold of `events` alone: the state every process agrees on. */
  confirmed: KeyState;
  /** Ops accepted here and not yet read back, in acceptance order. */
  unconfirmed: EventOp[];
  /** `confirmed` plus `unconfirmed`: what this process answers with. */
  view: KeyState;
  /** What the fold did with each op of `events`, by `<event token>#<op index>`. */
  outcomes: Map<string, StepOutcome>;
}

interface LinkWinner {
  readonly event: StoredEvent;
  readonly link: ExternalRunLink;
}

/**
 * The local replica of the events table: folds what was read back, layers this process's
 * unconfirmed ops on top, and tracks the first link per (provider, external ID).
 */
export class Replica {
  readonly held = new Map<string, Held>();
  private readonly linkWinners = new Map<string, LinkWinner>();
  private readonly localLinks = new Map<string, ExternalRunLink>();
  // Jobs a call is still reading (listJobs): a flush must not forget them halfway.
  private readonly pinned = new Map<string, number>();

  /** Keeps `runId` from being forgotten until as many `unpin` calls. */
  pin(runId: string): void {
    this.pinned.set(runId, (this.pinned.get(runId) ?? 0) + 1);
  }

  /** Releases one `pin` of `runId`. */
  unpin(runId: string): void {
    const count = (this.pinned.get(runId) ?? 0) - 1;
    if (count > 0) this.pinned.set(runId, count);
    else this.pinned.delete(runId);
  }

  /** The held entry for `key`, created empty when absent. */
  entry(key: RecordKey): Held {
    const keyText = encodeKey(key);
    let held = this.held.get(keyText);
    if (!held) {
      held = {
        key,
        keyText,
        events: [],
        confirmed: emptyState(),
        unconfirmed: [],
        view: emptyState(),
        outcomes: new Map(),
      };
      this.held.set(keyText, held);
    }
    return held;
  }

  /** Accepts an op locally, folding it into the view. */
  accept(held: Held, op: EventOp): StepOutcome {
    const links = new Map(this.localLinks);
    const outcome = stepOp(held.key, held.view, op, links);
    if (
      outcome.type !== "repeat" &&
      outcome.type !== "precondition-failed" &&
      outcome.type !== "rejected"
    ) {
      held.unconfirmed.push(op);
    }
    if (op.t === "link" && outcome.type === "linked") {
      this.localLinks.set(encodeLinkKey(op.link.provider, op.link.externalId), op.link);
    }
    return outcome;
  }

  /**
   * Merges events read from the table and refolds the records they touch. Only records the read
   * covered completely take events in (a partial history could fold to a wrong state); links are
   * learnt from every event.
   */
  absorb(events: readonly StoredEvent[], covered: (event: StoredEvent) => boolean): void {
    const touched = new Set<Held>();
    for (const event of events) {
      for (const op of event.ops) if (op.t === "link") this.considerLink(event, op.link);
      if (!covered(event)) continue;
      const held = this.entry(event.key);
      const index = held.events.findIndex((e) => e.id === event.id);
      if (index < 0) held.events.push(event);
      // A copy read before the base had its sequence field is replaced by one that has a number.
      else if (held.events[index]?.seq === undefined && event.seq !== undefined)
        held.events[index] = event;
      else continue;
      touched.add(held);
    }
    for (const held of touched) {
      held.events.sort(compareEvents);
      const state = emptyState();
      const scratch = new Map<string, ExternalRunLink>();
      const outcomes = new Map<string, StepOutcome>();
      for (const event of held.events) {
        event.ops.forEach((op, i) => {
          const outcome = stepOp(held.key, state, op, scratch);
          if (!outcomes.has(`${event.token}#${i}`)) outcomes.set(`${event.token}#${i}`, outcome);
        });
      }
      held.confirmed = state;
      held.outcomes = outcomes;
      this.rebuildView(held);
    }
  }

  /** Drops ops now confirmed (their event was read back) and refolds the view. */
  confirm(held: Held, ops: readonly EventOp[]): void {
    const done = new Set(ops);
    held.unconfirmed = held.unconfirmed.filter((op) => !done.has(op));
    this.rebuildView(held);
  }

  /** The winning link: the first one committed, else the one this process holds. */
  link(provider: string, externalId: string): ExternalRunLink | undefined {
    const id = encodeLinkKey(provider, externalId);
    return this.linkWinners.get(id)?.link ?? this.localLinks.get(id);
  }

  /** Every known winning link to the client run `keyText`. */
  linksOf(runId: string, clientId: string): ExternalRunLink[] {
    const all = new Map(this.localLinks);
    for (const [id, winner] of this.linkWinners) all.set(id, winner.link);
    return [...all.values()].filter((l) => l.runId === runId && l.clientId === clientId);
  }

  /**
   * Forgets every job whose confirmed status has ended, with its client runs and links, once none
   * of them has an unconfirmed op: memory stays flat in a long-running process, and anything
   * forgotten is read back from the table when asked for again.
   * @returns the run IDs forgotten
   */
  evictEnded(ended: (status: string) => boolean): string[] {
    const byJob = new Map<string, Held[]>();
    for (const held of this.held.values()) {
      byJob.set(held.key.runId, [...(byJob.get(held.key.runId) ?? []), held]);
    }
    const evicted: string[] = [];
    for (const [runId, entries] of byJob) {
      const job = entries.find((h) => h.key.kind === "job")?.confirmed.record;
      if (!job || !ended(job.status) || this.pinned.has(runId)) continue;
      if (entries.some((h) => h.unconfirmed.length > 0)) continue;
      for (const h of entries) this.held.delete(h.keyText);
      for (const links of [this.localLinks, this.linkWinners]) {
        for (const [id, value] of links) {
          const link = "link" in value ? value.link : value;
          if (link.runId === runId) links.delete(id);
        }
      }
      evicted.push(runId);
    }
    return evicted;
  }

  private considerLink(event: StoredEvent, link: ExternalRunLink): void {
    const id = encodeLinkKey(link.provider, link.externalId);
    const current = this.linkWinners.get(id);
    if (!current || compareEvents(event, current.event) < 0)
      this.linkWinners.set(id, { event, link });
  }

  private rebuildView(held: Held): void {
    // An op whose token is already in a read-back event was written (perhaps by a round whose
    // read-back failed): the table has it, so it no longer needs replaying here.
    const written = new Set(held.events.flatMap((e) => e.ops.map((op) => op.token)));
    held.unconfirmed = held.unconfirmed.filter((op) => !written.has(op.token));
    const view = copyState(held.confirmed);
    const scratch = new Map<string, ExternalRunLink>();
    for (const op of held.unconfirmed) stepOp(held.key, view, op, scratch);
    held.view = view;
  }
}
