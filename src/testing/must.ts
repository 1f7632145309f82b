import type { Result } from "neverthrow";

/**
 * Unwraps an `Ok` (or a promise of one) inside a test; an `Err` fails the test with the error in the message.
 * @param result - A Result or ResultAsync.
 * @returns The Ok value.
 */
export async function must<T, E>(result: Result<T, E> | PromiseLike<Result<T, E>>): Promise<T> {
  const settled = await result;
  if (settled.isOk()) return settled.value;
  throw new Error(`expected Ok, got Err: ${describe(settled.error)}`);
}

/**
 * Unwraps an `Err` inside a test; an `Ok` fails the test.
 * @param result - A Result or ResultAsync.
 * @returns The error value.
 */
export async function mustFail<T, E>(result: Result<T, E> | PromiseLike<Result<T, E>>): Promise<E> {
  const settled = await result;
  if (settled.isErr()) return settled.error;
  throw new Error(`expected Err, got Ok: ${describe(settled.value)}`);
}

/** Unwraps a synchronous `Ok` for fixtures (a failure here is a bug in the suite, not in the store). */
export function expectOk<T, E>(result: Result<T, E>): T {
  if (result.isOk()) return result.value;
  throw new Error(`fixture failed: ${describe(result.error)}`);
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
