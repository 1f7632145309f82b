export { type MemorySnapshot, parseMemorySnapshot, type SnapshotEntry } from "./memory-snapshot.js";
export { createMemoryStore, type MemoryStore, type MemoryStoreOptions } from "./memory-store.js";
