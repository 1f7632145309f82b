/** One SQL statement of the store: a stable name (for prepared statements) and its text. */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

/** Every statement the store sends, each one round trip. */
export interface Statements {
  readonly createJob: Statement;
  readonly getJob: Statement;
  readonly updateJob: Statement;
  readonly createClientRun: Statement;
  readonly getClientRun: Statement;
  readonly listClientRuns: Statement;
  readonly updateClientRun: Statement;
  readonly listJobs: Statement;
  readonly listRunning: Statement;
  readonly linkExternalRun: Statement;
  readonly resolveExternalRun: Statement;
}

// Create-if-absent that says whether it won: the insert, or else the row that was there. It returns no row when it
// lost a race with an insert not yet committed when the statement began; the caller re-runs it.
const createIfAbsent = (table: string, keys: readonly string[]): string => {
  const columns = [...keys, "record"];
  const values = columns.map((_, i) => `$${i + 1}${i === keys.length ? "::jsonb" : ""}`);
  const match = keys.map((key, i) => `t.${key} = $${i + 1}`).join(" AND ");
  return `WITH ins AS (
  INSERT INTO ${table} (${columns.join(", ")}) VALUES (${values.join(", ")})
  ON CONFLICT DO NOTHING RETURNING record
)
SELECT record FROM ins
UNION ALL
SELECT t.record FROM ${table} t WHERE ${match} AND NOT EXISTS (SELECT FROM ins)`;
};

/**
 * The store's statements for one schema; their names carry a hash of the schema, so stores on different schemas
 * can share a pool (node-postgres refuses one name for two texts on a connection).
 * @param schema - A checked schema name.
 */
export function statementsFor(schema: string): Statements {
  const s = `"${schema}"`;
  const prefix = `rr1_${hash(schema)}_`;
  const statement = (name: string, text: string): Statement => ({ name: prefix + name, text });
  return {
    createJob: statement("create_job", createIfAbsent(`${s}.jobs`, ["run_id"])),
    getJob: statement("get_job", `SELECT record FROM ${s}.jobs WHERE run_id = $1`),
    updateJob: statement("update_job", `SELECT ${s}.update_job($1, $2::jsonb) AS result`),
    createClientRun: statement(
      "create_client_run",
      createIfAbsent(`${s}.client_runs`, ["base_run_id", "client_id"]),
    ),
    getClientRun: statement(
      "get_client_run",
      `SELECT record FROM ${s}.client_runs WHERE base_run_id = $1 AND client_id = $2`,
    ),
    listClientRuns: statement(
      "list_client_runs",
      `SELECT record FROM ${s}.client_runs WHERE base_run_id = $1 ORDER BY client_id`,
    ),
    updateClientRun: statement(
      "update_client_run",
      `SELECT ${s}.update_client_run($1, $2, $3::jsonb) AS result`,
    ),
    // Filters arrive as JSON text (both drivers pass text alike); a null parameter means "no such filter".
    // The keyset condition compares (started_at, run_id) as the order does, so pages never repeat or skip.
    listJobs: statement(
      "list_jobs",
      `SELECT record FROM ${s}.jobs
WHERE ($1::jsonb IS NULL OR $1::jsonb ? status)
  AND ($2::jsonb IS NULL OR record -> 'tags' @> $2::jsonb)
  AND ($3::float8 IS NULL OR started_at > $3::float8)
  AND ($4::float8 IS NULL OR started_at < $4::float8)
  AND ($5::float8 IS NULL OR (started_at, run_id) < ($5::float8, $6::text))
ORDER BY started_at DESC, run_id DESC
LIMIT $7::integer`,
    ),
    listRunning: statement(
      "list_running",
      `SELECT jsonb_build_object(
  'jobs', (SELECT coalesce(jsonb_agg(record ORDER BY run_id), '[]') FROM ${s}.jobs WHERE status = 'running'),
  'clientRuns', (SELECT coalesce(jsonb_agg(record ORDER BY base_run_id, client_id), '[]')
                 FROM ${s}.client_runs WHERE status = 'running')
) AS result`,
    ),
    linkExternalRun: statement(
      "link_external_run",
      createIfAbsent(`${s}.external_links`, ["provider", "external_id"]),
    ),
    resolveExternalRun: statement(
      "resolve_external_run",
      `SELECT record FROM ${s}.external_links WHERE provider = $1 AND external_id = $2`,
    ),
  };
}

// FNV-1a, base 36: short enough to keep statement names well under 63 bytes.
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}
