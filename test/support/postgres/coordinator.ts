import { createServer, type Server } from "node:http";
import pg from "pg";
import { type PostgresServer, startPostgresServer } from "./server.js";

/** The test-database coordinator: an HTTP endpoint on 127.0.0.1 in the vitest main process. */
export interface Coordinator {
  /** Base URL workers send their requests to. */
  readonly url: string;
  /** Drops the databases it created, stops the server it started, closes the endpoint. */
  close(): Promise<void>;
}

interface Backend {
  readonly admin: pg.Pool;
  readonly urlFor: (database: string) => string;
  readonly server: PostgresServer | undefined;
}

const oneLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim();

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
};

const openBackend = async (externalUrl: string | undefined): Promise<Backend> => {
  if (externalUrl !== undefined && externalUrl !== "") {
    const admin = new pg.Pool({ connectionString: externalUrl, max: 2 });
    admin.on("error", () => {});
    try {
      await admin.query("SELECT 1");
    } catch (error) {
      await admin.end().catch(() => {});
      throw new Error(`the server named by the environment is unreachable: ${oneLine(error)}`);
    }
    return { admin, urlFor: (database) => withDatabase(externalUrl, database), server: undefined };
  }
  const server = await startPostgresServer();
  const admin = new pg.Pool({ connectionString: server.url, max: 2 });
  admin.on("error", () => {});
  return { admin, urlFor: server.urlFor, server };
};

/**
 * Starts the coordinator. The PostgreSQL server starts on the first request for a database, not
 * here, so a test run that touches no Postgres test pays nothing for it; `externalUrl` (a
 * superuser URL) replaces the throwaway server with an existing one.
 */
export const startCoordinator = async (externalUrl: string | undefined): Promise<Coordinator> => {
  let backend: Promise<Backend> | undefined;
  const created = new Set<string>();
  let counter = 0;
  const prefix = `rr_test_${process.pid}_${Date.now().toString(36)}`;

  const getBackend = () => {
    backend ??= openBackend(externalUrl);
    return backend;
  };

  const createDatabase = async (): Promise<{ url: string; name: string }> => {
    const { admin, urlFor } = await getBackend();
    counter += 1;
    const name = `${prefix}_${counter}`;
    // template0 is never connected to, so concurrent copies of it cannot collide; FILE_COPY
    // copies the files instead of logging every page (fsync is off on the throwaway server).
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 STRATEGY FILE_COPY`);
    created.add(name);
    return { url: urlFor(name), name };
  };

  const dropDatabase = async (name: string): Promise<void> => {
    if (!created.has(name)) return;
    const { admin } = await getBackend();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    created.delete(name);
  };

  const http: Server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const requestUrl = new URL(request.url ?? "/", "http://127.0.0.1");
    const work =
      requestUrl.pathname === "/database"
        ? createDatabase()
        : requestUrl.pathname === "/drop"
          ? dropDatabase(requestUrl.searchParams.get("name") ?? "").then(() => ({}))
          : Promise.reject(new Error(`unknown request ${requestUrl.pathname}`));
    work.then(
      (body) => reply(200, body),
      (error: unknown) => reply(503, { error: oneLine(error) }),
    );
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      if (backend === undefined) return;
      const opened = await backend.catch(() => undefined);
      if (opened === undefined) return;
      if (opened.server === undefined) {
        for (const name of created) {
          await opened.admin
            .query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
            .catch(() => {});
        }
      }
      await opened.admin.end().catch(() => {});
      await opened.server?.stop();
    },
  };
};
