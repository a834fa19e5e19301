/**
 * @a2a-mcp/core/store — the Store interface with both backends: MemoryStore and RedisStore
 * (ioredis), and createStore, which picks one from the configuration. Tools get their store as
 * `ctx.store`; the root entry exports the interface, MemoryStore and the stream helpers.
 */
export { MemoryStore } from './memory-store.js';
export type { MemoryStoreOptions } from './memory-store.js';
export { RedisStore } from './redis-store.js';
export type { RedisStoreOptions, StoreGuard } from './redis-store.js';
export { createStore } from './create-store.js';
export type { CreateStoreOptions } from './create-store.js';
export { compareStreamIds, parseStreamId, readJson, writeJson } from './store.js';
export type {
  Store,
  SetOptions,
  SlotOptions,
  StreamQuota,
  StreamQuotaBound,
  StreamBoundedAppendOptions,
  StreamBoundedAppendResult,
  StreamAckOptions,
  StreamEntry,
  StreamAppendOptions,
  StreamRangeOptions,
  StreamReadOptions,
  StreamPendingEntry,
  StreamGroupInfo,
} from './store.js';
