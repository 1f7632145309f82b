import { fc, test as fcTest } from "@fast-check/vitest";
import { expect } from "vitest";
import { createMemoryStore } from "../../src/memory/memory-store.js";
import type { RunRecordService } from "../../src/service/index.js";
import { BASE, ok, serviceFixture, T0 } from "./support/service-fixture.js";

// A simple model of what the service promises for client runs: increments add, a key applies at
// most once per client run (even after the run ended), writes to a stale or ended run are
// refused, the sweep marks exactly the inactive running runs, reopening lifts the fence.

const CLIENTS = ["Guy-Wilson", "Wilson", "Dean-Hobin"] as const;
const THRESHOLD = 1000;

interface ClientModel {
  status: "running" | "completed" | "stale";
  metrics: Record<string, number>;
  keys: Set<string>;
  lines: number;
  lastActivity: number;
}

interface Model {
  now: number;
  clients: Record<string, ClientModel>;
}

interface Real {
  service: RunRecordService;
  advance: (ms: number) => void;
}

type Command = fc.AsyncCommand<Model, Real>;

const compare = async (model: Model, real: Real, clientId: string) => {
  const run = await ok(real.service.getClientRun(BASE, clientId));
  const expected = model.clients[clientId] as ClientModel;
  expect(run.status).toBe(expected.status);
  expect(run.metrics).toEqual(expected.metrics);
  expect(run.progress).toHaveLength(expected.lines);
  expect(run.lastActivityAt).toBe(expected.lastActivity);
};

/** recordMetrics or appendProgress: both are keyed writes in one key space per client run. */
class Write implements Command {
  constructor(
    readonly clientId: string,
    readonly kind: "metrics" | "progress",
    readonly delta: number,
    readonly key: string | undefined,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const client = model.clients[this.clientId] as ClientModel;
    const options = this.key === undefined ? {} : { idempotencyKey: this.key };
    const result =
      this.kind === "metrics"
        ? await real.service.recordMetrics(BASE, this.clientId, { n: this.delta }, options)
        : await real.service.appendProgress(BASE, this.clientId, `line ${this.delta}`, options);
    if (this.key !== undefined && client.keys.has(this.key)) {
      expect(result.isOk() && result.value.applied).toBe(false);
    } else if (client.status !== "running") {
      expect(result.isErr() && result.error.type).toBe("run-terminal");
    } else {
      expect(result.isOk() && result.value.applied).toBe(true);
      if (this.key !== undefined) client.keys.add(this.key);
      if (this.kind === "metrics") client.metrics.n = (client.metrics.n ?? 0) + this.delta;
      else client.lines++;
      client.lastActivity = model.now;
    }
    await compare(model, real, this.clientId);
  }
  toString = () => `${this.kind}(${this.clientId}, ${this.delta}, ${this.key})`;
}

class Complete implements Command {
  constructor(readonly clientId: string) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const client = model.clients[this.clientId] as ClientModel;
    const result = await real.service.completeClientRun(BASE, this.clientId, {
      status: "completed",
    });
    if (client.status === "stale") expect(result.isErr() && result.error.type).toBe("run-terminal");
    else expect(result.isOk()).toBe(true);
    if (client.status === "running") {
      client.status = "completed";
      client.lastActivity = model.now;
    }
    await compare(model, real, this.clientId);
  }
  toString = () => `complete(${this.clientId})`;
}

class Reopen implements Command {
  constructor(readonly clientId: string) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const client = model.clients[this.clientId] as ClientModel;
    await ok(real.service.reopenClientRun(BASE, this.clientId));
    if (client.status !== "running") {
      client.status = "running";
      client.lastActivity = model.now;
    }
    await compare(model, real, this.clientId);
  }
  toString = () => `reopen(${this.clientId})`;
}

class AdvanceAndSweep implements Command {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    model.now += this.ms;
    real.advance(this.ms);
    const swept = await ok(real.service.sweepStaleRuns({ olderThanMs: THRESHOLD }));
    const expected = CLIENTS.filter((id) => {
      const client = model.clients[id] as ClientModel;
      return client.status === "running" && client.lastActivity <= model.now - THRESHOLD;
    });
    expect(swept.clientRuns.map((r) => r.clientId).sort()).toEqual([...expected].sort());
    for (const id of expected) {
      const client = model.clients[id] as ClientModel;
      client.status = "stale";
      client.lastActivity = model.now;
    }
    for (const id of CLIENTS) await compare(model, real, id);
  }
  toString = () => `advanceAndSweep(${this.ms})`;
}

const client = fc.constantFrom(...CLIENTS);
const commands = [
  fc
    .tuple(
      client,
      fc.constantFrom("metrics", "progress") as fc.Arbitrary<"metrics" | "progress">,
      fc.integer({ min: -5, max: 50 }),
      fc.option(fc.constantFrom("k1", "k2", "k3"), { nil: undefined }),
    )
    .map(([c, kind, delta, key]) => new Write(c, kind, delta, key)),
  client.map((c) => new Complete(c)),
  client.map((c) => new Reopen(c)),
  // The threshold's edges (exactly 1000 ms of inactivity is stale) come up often on purpose.
  fc
    .oneof(fc.constantFrom(0, 500, 999, 1000, 1001), fc.integer({ min: 0, max: 1500 }))
    .map((ms) => new AdvanceAndSweep(ms)),
];

fcTest.prop([fc.commands(commands, { maxCommands: 40 })], { numRuns: 80 })(
  "client runs behave like the model under any sequence of writes, completions, sweeps and reopens",
  async (cmds) => {
    const { service, clock } = serviceFixture(createMemoryStore());
    await ok(service.startJob({ runId: BASE }));
    const clients: Record<string, ClientModel> = {};
    for (const id of CLIENTS) {
      await ok(service.startClientRun({ runId: BASE, clientId: id }));
      clients[id] = { status: "running", metrics: {}, keys: new Set(), lines: 0, lastActivity: T0 };
    }
    await fc.asyncModelRun(
      () => ({ model: { now: T0, clients }, real: { service, advance: clock.advance } }),
      cmds,
    );
  },
);
