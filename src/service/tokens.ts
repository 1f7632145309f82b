/** The change token for a write: the caller's idempotency key when given, else a fresh unique one. */
export const changeToken = (mint: () => string, idempotencyKey: string | undefined): string =>
  idempotencyKey === undefined ? `tok:${mint()}` : `key:${idempotencyKey}`;

/** The default token source: random UUIDs from the platform's Web Crypto. */
export const randomToken = (): string => globalThis.crypto.randomUUID();
