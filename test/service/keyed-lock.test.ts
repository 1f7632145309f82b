import { describe, expect, it } from "vitest";
import { createKeyedLock } from "../../src/service/keyed-lock.js";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("createKeyedLock", () => {
  it("runs tasks of one key one at a time, in arrival order", async () => {
    const lock = createKeyedLock();
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        lock.run("k", async () => {
          inside++;
          most = Math.max(most, inside);
          await tick();
          order.push(i);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("runs different keys concurrently", async () => {
    const lock = createKeyedLock();
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        lock.run(`k${i}`, async () => {
          inside++;
          most = Math.max(most, inside);
          await tick();
          inside--;
        }),
      ),
    );
    expect(most).toBe(10);
  });

  it("passes results and failures through, and a failure does not block the queue", async () => {
    const lock = createKeyedLock();
    const failed = lock.run("k", async () => {
      throw new Error("task failed");
    });
    const next = lock.run("k", async () => 42);
    await expect(failed).rejects.toThrow("task failed");
    await expect(next).resolves.toBe(42);
  });

  it("forgets every key once its queue drains, so it stays bounded", async () => {
    const lock = createKeyedLock();
    const pending = Array.from({ length: 10_000 }, (_, i) =>
      lock.run(`key-${i % 1000}`, async () => i),
    );
    expect(lock.size()).toBe(1000);
    await Promise.all(pending);
    await tick();
    expect(lock.size()).toBe(0);
  });
});
