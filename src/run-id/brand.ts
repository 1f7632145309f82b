declare const brand: unique symbol;

/** A string that only this library's parsers can mint; still a plain string at runtime. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A canonical base run ID, `YYMMDD-HHMMSS` (one per job). */
export type BaseRunId = Brand<string, "BaseRunId">;

/** A canonical client run ID, `YYMMDD-HHMMSS-<clientId>` (one per client per job). */
export type ClientRunId = Brand<string, "ClientRunId">;

/** Any canonical run ID: a base run ID or a client run ID. */
export type RunId = BaseRunId | ClientRunId;

/** A validated client (tenant) ID: Unicode letters, digits, `-` and `_`, 1–64 characters. */
export type ClientId = Brand<string, "ClientId">;
