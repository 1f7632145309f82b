import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import {
  type ApiError,
  apiError,
  authenticationRequired,
  errorBody,
  faultError,
  modelNotFound,
  notFound,
  rateLimitReached,
  tableNotFound,
} from "./errors.js";
import { FaultQueue } from "./faults.js";
import { handle } from "./handle.js";
import { Iterators } from "./list-records.js";
import { createRateLimiter } from "./rate-limiter.js";
import { counterRecordIds } from "./record-ids.js";
import { RecordTable } from "./record-table.js";
import { kindOf, routeRequest } from "./router.js";
import type {
  AirtableServer,
  AirtableServerOptions,
  Fault,
  RequestLogEntry,
  StoredRecord,
} from "./types.js";
import { validateFields } from "./validate-fields.js";

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });

const send = (res: ServerResponse, status: number, body: unknown): void => {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
};

/**
 * Starts a local Airtable-compatible HTTP server on 127.0.0.1 with the given bases.
 * @param options schemas, rate limit, clock and ID generator
 * @returns the running server; pass its `url` as the airtable client's `endpointUrl`
 */
export const startAirtableServer = async (
  options: AirtableServerOptions,
): Promise<AirtableServer> => {
  const now = options.now ?? Date.now;
  const newId = options.idGenerator ?? counterRecordIds();
  const createdTime = () => new Date(Math.floor(now() / 1000) * 1000).toISOString();
  const env = { newId, createdTime };
  const limiter = createRateLimiter(
    options.rateLimit ?? { requestsPerSecond: 5, penaltyMs: 30_000 },
    now,
  );
  const iterators = new Iterators(now, options.iteratorTtlMs ?? 300_000);
  const faults = new FaultQueue();
  const log: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const bases = new Map<string, Map<string, RecordTable>>();
  for (const [baseId, tables] of Object.entries(options.bases)) {
    const map = new Map<string, RecordTable>();
    for (const [name, schema] of Object.entries(tables))
      map.set(name, new RecordTable(name, schema));
    bases.set(baseId, map);
  }

  const tableOf = (baseId: string, table: string): RecordTable => {
    const t = bases.get(baseId)?.get(table);
    if (t === undefined) throw new Error(`No table ${baseId}/${table} in this server`);
    return t;
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req).catch(() => undefined);
    if (raw === undefined) return;
    const at = now();
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = routeRequest(method, url.pathname);
    let body: unknown;
    let badJson = false;
    try {
      body = raw === "" ? undefined : JSON.parse(raw);
    } catch {
      badJson = true;
    }
    const entry = {
      method,
      baseId: route?.baseId ?? "",
      table: route?.table ?? "",
      kind: kindOf(route, body),
      at,
    };
    const finish = (status: number, recordCount: number, fault?: Fault["kind"]) =>
      log.push({ ...entry, status, recordCount, ...(fault ? { fault } : {}) });
    const fail = (e: ApiError, fault?: Fault["kind"]) => {
      finish(e.status, 0, fault);
      send(res, e.status, errorBody(e));
    };

    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
    if (!auth || (options.apiKey !== undefined && auth[1] !== options.apiKey))
      return fail(authenticationRequired());
    if (route === undefined) return fail(notFound("what you are looking for"));
    const base = bases.get(route.baseId);
    const table = base?.get(route.table);
    if (table === undefined) {
      if (options.unknownModelStatus !== 404) return fail(modelNotFound());
      return fail(base ? tableNotFound(route.baseId, route.table) : notFound("base"));
    }
    if (!limiter.admit(route.baseId)) return fail(rateLimitReached());
    const fault = faults.take(entry);
    if (fault?.kind === "status") return fail(faultError(fault.status), fault.kind);
    if (fault?.kind === "drop-before-apply") {
      finish(0, 0, fault.kind);
      req.socket.destroy();
      return;
    }
    if (badJson)
      return fail(apiError(400, "INVALID_REQUEST_BODY", "The request body is not valid JSON"));
    const answer = handle({
      table,
      action: route.action,
      query: url.searchParams,
      body,
      iterators,
      env: { ...env, blindUpsert: fault?.kind === "upsert-duplicate" },
    });
    const late = fault?.kind === "status-after-apply" ? faultError(fault.status) : undefined;
    const status = late?.status ?? (answer.isOk() ? 200 : answer.error.status);
    const payload = late
      ? errorBody(late)
      : answer.isOk()
        ? answer.value.body
        : errorBody(answer.error);
    const dropped = fault?.kind === "drop-after-apply";
    finish(dropped ? 0 : status, answer.isOk() ? answer.value.recordCount : 0, fault?.kind);
    if (dropped) {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "delay") {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(res, status, payload);
      }, fault.ms);
      timers.add(timer);
      return;
    }
    send(res, status, payload);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((e: unknown) =>
      send(res, 500, errorBody(apiError(500, "SERVER_ERROR", String(e)))),
    );
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return log;
    },
    clearRequests: () => {
      log.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
    records: (baseId, table): readonly StoredRecord[] => {
      const t = tableOf(baseId, table);
      return t.rows.map((r) => t.toJson(r));
    },
    seed: (baseId, table, rows, createdTimes) => {
      const t = tableOf(baseId, table);
      return rows.map((fields, i) => {
        const v = validateFields(t.schema, fields, {
          typecast: false,
          choices: (f) => t.choicesOf(f),
        });
        if (v.isErr()) throw new Error(`seed ${baseId}/${table}: ${v.error.message}`);
        return { id: t.insert(newId(), createdTimes?.[i] ?? createdTime(), v.value.writes).id };
      });
    },
    injectFault: (fault, match) => faults.push(fault, match),
    pendingFaults: () => faults.size,
  };
};
