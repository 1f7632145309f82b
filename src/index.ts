export * from "./memory/index.js";
export * from "./run-id/index.js";
export * from "./service/index.js";
export * from "./store/index.js";
