/**
 * Picks the store backend from the configuration: Redis when REDIS_URL is set, memory otherwise.
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { MemoryStore } from './memory-store.js';
import { RedisStore, type StoreGuard } from './redis-store.js';
import type { Store } from './store.js';

export interface CreateStoreOptions {
  logger?: Logger;
  /** Wraps Redis commands (the `redis` circuit breaker). */
  guard?: StoreGuard;
  /** Called when Redis is reachable again after an outage. */
  onReconnect?: () => void;
}

/** The configured store: `RedisStore` (REDIS_URL, REDIS_KEY_PREFIX) or `MemoryStore` (MEMORY_STORE_MAX_KEYS). */
export function createStore(
  config: Pick<Config, 'REDIS_URL' | 'REDIS_KEY_PREFIX'> & Partial<Pick<Config, 'MEMORY_STORE_MAX_KEYS'>>,
  { logger, guard, onReconnect }: CreateStoreOptions = {},
): Store {
  if (!config.REDIS_URL)
    return new MemoryStore(config.MEMORY_STORE_MAX_KEYS === undefined ? {} : { maxKeys: config.MEMORY_STORE_MAX_KEYS });
  return new RedisStore({
    url: config.REDIS_URL,
    keyPrefix: config.REDIS_KEY_PREFIX,
    ...(logger ? { logger } : {}),
    ...(guard ? { guard } : {}),
    ...(onReconnect ? { onReconnect } : {}),
  });
}
