/**
 * Version 1 of the schema: one row per record, the record itself as one `jsonb` value (so every driver reads the
 * same object), key columns `COLLATE "C"` (byte-exact), applied change tokens in their own tables, and the update
 * rules of `src/store/change-rules.ts` as plpgsql functions that lock the row first (one round trip per update).
 * @param schema - A checked schema name.
 * @returns Statements for the body of the migration's `DO` block.
 */
export function version1(schema: string): string {
  const s = `"${schema}"`;
  return `
    CREATE TABLE ${s}.jobs (
      run_id text COLLATE "C" PRIMARY KEY,
      record jsonb NOT NULL,
      status text COLLATE "C" GENERATED ALWAYS AS (record ->> 'status') STORED,
      started_at float8 GENERATED ALWAYS AS ((record ->> 'startedAt')::float8) STORED
    );
    CREATE INDEX jobs_newest_first ON ${s}.jobs (started_at DESC, run_id DESC);
    CREATE INDEX jobs_running ON ${s}.jobs (run_id) WHERE status = 'running';
    CREATE INDEX jobs_tags ON ${s}.jobs USING gin ((record -> 'tags') jsonb_path_ops);
    CREATE TABLE ${s}.job_tokens (
      run_id text COLLATE "C" NOT NULL,
      token text COLLATE "C" NOT NULL,
      PRIMARY KEY (run_id, token)
    );
    CREATE TABLE ${s}.client_runs (
      base_run_id text COLLATE "C" NOT NULL,
      client_id text COLLATE "C" NOT NULL,
      record jsonb NOT NULL,
      status text COLLATE "C" GENERATED ALWAYS AS (record ->> 'status') STORED,
      PRIMARY KEY (base_run_id, client_id)
    );
    CREATE INDEX client_runs_running ON ${s}.client_runs (base_run_id, client_id) WHERE status = 'running';
    CREATE TABLE ${s}.client_run_tokens (
      base_run_id text COLLATE "C" NOT NULL,
      client_id text COLLATE "C" NOT NULL,
      token text COLLATE "C" NOT NULL,
      PRIMARY KEY (base_run_id, client_id, token)
    );
    CREATE TABLE ${s}.external_links (
      provider text COLLATE "C" NOT NULL,
      external_id text COLLATE "C" NOT NULL,
      record jsonb NOT NULL,
      PRIMARY KEY (provider, external_id)
    );

    -- status, endedAt, notes, tags and lastActivityAt: the part of a change jobs and client runs share.
    CREATE FUNCTION ${s}.apply_change_base(rec jsonb, ch jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE AS $fn$
    DECLARE merged jsonb;
    BEGIN
      IF ch ? 'status' THEN rec := jsonb_set(rec, '{status}', ch -> 'status'); END IF;
      IF ch ? 'endedAt' THEN
        IF jsonb_typeof(ch -> 'endedAt') = 'null' THEN rec := rec - 'endedAt';
        ELSE rec := jsonb_set(rec, '{endedAt}', ch -> 'endedAt');
        END IF;
      END IF;
      IF ch ? 'notes' THEN
        rec := jsonb_set(rec, '{notes}', coalesce(rec -> 'notes', '[]') || (ch -> 'notes'));
      END IF;
      IF ch ? 'tags' THEN
        SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}') INTO merged FROM (
          SELECT t.key, t.value FROM jsonb_each(coalesce(rec -> 'tags', '{}')) t WHERE NOT (ch -> 'tags') ? t.key
          UNION ALL
          SELECT c.key, c.value FROM jsonb_each(ch -> 'tags') c WHERE jsonb_typeof(c.value) <> 'null'
        ) e;
        rec := jsonb_set(rec, '{tags}', merged);
      END IF;
      RETURN jsonb_set(rec, '{lastActivityAt}', ch -> 'at');
    END
    $fn$;

    -- Token first (a repeat changes nothing), then ifStatus (an empty list never holds), then the change.
    CREATE FUNCTION ${s}.decide_change(rec jsonb, seen boolean, ch jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE AS $fn$
      SELECT CASE
        WHEN seen THEN jsonb_build_object('outcome', 'repeat', 'record', rec)
        WHEN ch ? 'ifStatus' AND NOT (ch -> 'ifStatus') ? (rec ->> 'status')
          THEN jsonb_build_object('outcome', 'precondition-failed', 'status', rec ->> 'status')
      END
    $fn$;

    CREATE FUNCTION ${s}.update_job(p_run_id text, ch jsonb) RETURNS jsonb
    LANGUAGE plpgsql AS $fn$
    DECLARE rec jsonb; refusal jsonb;
    BEGIN
      SELECT j.record INTO rec FROM ${s}.jobs j WHERE j.run_id = p_run_id FOR UPDATE;
      IF NOT FOUND THEN RETURN '{"outcome": "not-found"}'; END IF;
      refusal := ${s}.decide_change(rec, EXISTS (
        SELECT FROM ${s}.job_tokens t WHERE t.run_id = p_run_id AND t.token = ch ->> 'token'), ch);
      IF refusal IS NOT NULL THEN RETURN refusal; END IF;
      rec := ${s}.apply_change_base(rec, ch);
      IF ch ? 'sealed' THEN rec := jsonb_set(rec, '{sealed}', ch -> 'sealed'); END IF;
      UPDATE ${s}.jobs j SET record = rec WHERE j.run_id = p_run_id;
      INSERT INTO ${s}.job_tokens (run_id, token) VALUES (p_run_id, ch ->> 'token');
      RETURN jsonb_build_object('outcome', 'applied', 'record', rec);
    END
    $fn$;

    -- The metric rule of change-rules.ts (metricRangeError): increments add as JS numbers do (float8 is an IEEE
    -- double); no metric may become ±Infinity, and an integer metric (absent or a safe integer now, changed by an
    -- integer) may not leave ±(2^53 − 1). A refusal returns the record as it was, and the store names the metric
    -- with the shared rule, so the answer is the memory store's. A metric also in \`set\` ends as the set value, so its
    -- increment is neither checked nor added. Halves never overflow, and round(a/2 + b/2) reaches 2^1023 exactly
    -- when round(a + b) is infinite, so the test runs before the addition (which would raise 22003).
    -- extra_float_digits = 3 makes float8 print its shortest exact form, so the stored JSON number round-trips.
    CREATE FUNCTION ${s}.update_client_run(p_base text, p_client text, ch jsonb) RETURNS jsonb
    LANGUAGE plpgsql SET extra_float_digits = 3 AS $fn$
    DECLARE
      rec jsonb; was jsonb; refusal jsonb; metrics jsonb; k text; v jsonb;
      cur float8; delta float8; total float8; exact boolean;
    BEGIN
      SELECT r.record INTO rec FROM ${s}.client_runs r
        WHERE r.base_run_id = p_base AND r.client_id = p_client FOR UPDATE;
      IF NOT FOUND THEN RETURN '{"outcome": "not-found"}'; END IF;
      refusal := ${s}.decide_change(rec, EXISTS (
        SELECT FROM ${s}.client_run_tokens t
        WHERE t.base_run_id = p_base AND t.client_id = p_client AND t.token = ch ->> 'token'), ch);
      IF refusal IS NOT NULL THEN RETURN refusal; END IF;
      was := rec;
      rec := ${s}.apply_change_base(rec, ch);
      IF ch ? 'increments' OR ch ? 'set' THEN
        metrics := coalesce(rec -> 'metrics', '{}');
        FOR k, v IN SELECT e.key, e.value FROM jsonb_each(coalesce(ch -> 'increments', '{}')) e LOOP
          CONTINUE WHEN coalesce(ch -> 'set', '{}') ? k;
          cur := (metrics ->> k)::float8;
          delta := (v #>> '{}')::float8;
          exact := delta = trunc(delta) AND (cur IS NULL OR (abs(cur) <= 9007199254740991 AND cur = trunc(cur)));
          -- Below 2^1023 on both sides the sum cannot overflow; only then halve (halving a denormal would
          -- raise PostgreSQL's underflow error, and a value under 1 cannot change the rounding up there).
          IF abs(coalesce(cur, 0)) >= 8.98846567431158e307 OR abs(delta) >= 8.98846567431158e307 THEN
            IF abs(CASE WHEN abs(coalesce(cur, 0)) < 1 THEN 0 ELSE coalesce(cur, 0) / 2 END
                 + CASE WHEN abs(delta) < 1 THEN 0 ELSE delta / 2 END) >= 8.98846567431158e307 THEN
              RETURN jsonb_build_object('outcome', 'out-of-range', 'record', was);
            END IF;
          END IF;
          total := coalesce(cur, 0) + delta;
          IF exact AND abs(total) > 9007199254740991 THEN
            RETURN jsonb_build_object('outcome', 'out-of-range', 'record', was);
          END IF;
          metrics := jsonb_set(metrics, ARRAY[k], to_jsonb(total));
        END LOOP;
        FOR k, v IN SELECT e.key, e.value FROM jsonb_each(coalesce(ch -> 'set', '{}')) e LOOP
          cur := (metrics ->> k)::float8;
          delta := (v #>> '{}')::float8;
          exact := delta = trunc(delta) AND (cur IS NULL OR (abs(cur) <= 9007199254740991 AND cur = trunc(cur)));
          IF exact AND abs(delta) > 9007199254740991 THEN
            RETURN jsonb_build_object('outcome', 'out-of-range', 'record', was);
          END IF;
          metrics := jsonb_set(metrics, ARRAY[k], v);
        END LOOP;
        rec := jsonb_set(rec, '{metrics}', metrics);
      END IF;
      IF ch ? 'progress' THEN
        rec := jsonb_set(rec, '{progress}', coalesce(rec -> 'progress', '[]') || (ch -> 'progress'));
      END IF;
      IF ch ? 'operations' THEN
        rec := jsonb_set(rec, '{operations}', coalesce(rec -> 'operations', '{}') || (ch -> 'operations'));
      END IF;
      UPDATE ${s}.client_runs r SET record = rec WHERE r.base_run_id = p_base AND r.client_id = p_client;
      INSERT INTO ${s}.client_run_tokens (base_run_id, client_id, token) VALUES (p_base, p_client, ch ->> 'token');
      RETURN jsonb_build_object('outcome', 'applied', 'record', rec);
    END
    $fn$;`;
}
