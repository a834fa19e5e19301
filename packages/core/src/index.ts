/**
 * @a2a-mcp/core — what a service is written with. A service declares its tools with `defineTool`
 * (and resources, gauges, CPU tasks), groups them with `defineService`, and calls `runService`
 * from its entry point.
 *
 * Public here, and nothing else: the declarations (tools, resources, tasks, gauges, services),
 * the input forms, errors and work budgets, configuration and settings, the logger, identities
 * and permissions, the Store interface with MemoryStore, circuit breakers, and the entry points
 * (runService, startService, startStdioService).
 *
 * Everything else is behind a subpath, so a caller pulls in only what it names:
 *   @a2a-mcp/core/auth           credentials: API keys, HS256/OAuth tokens (jose), guards, challenges
 *   @a2a-mcp/core/store          RedisStore (ioredis), createStore, the stream helpers
 *   @a2a-mcp/core/usage          usage records and sinks (file, stdout, PostgreSQL through pg)
 *   @a2a-mcp/core/observability  metrics (prom-client), gauges' registration, the rate limiter, span attributes
 *   @a2a-mcp/core/mcp            callTool, the tool table, the endpoint, the input-schema dialect, revisions
 *   @a2a-mcp/core/operator       services.json and the API keys file (the service manager)
 *   @a2a-mcp/core/compute        the worker-thread pool
 *   @a2a-mcp/core/vectors, /errors, /work-budget   light modules for worker threads (no root import)
 */
export { z } from 'zod';
export { defineTool, READ_ONLY_ANNOTATIONS } from './tool.js';
export type { ToolDefinition, ToolContext, ToolAnnotations, AnyToolDefinition, ResourceNotifier } from './tool.js';
export { jsonText, keyValueList, MAX_JSON_TEXT_DEPTH } from './input-forms.js';
export type { JsonTextOptions, KeyValueListOptions } from './input-forms.js';
export { defineTask, inlineCompute } from './compute/index.js';
export type { ComputeTask, ComputeTaskOptions, TaskFunction, ComputeRunner } from './compute/index.js';
export { defineResource, defineResourceTemplate, compileUriTemplate } from './resource.js';
export type { ResourceDefinition, ResourceTemplateDefinition, ResourceContext, ResourceBody } from './resource.js';
export { defineGauge } from './gauges.js';
export type { GaugeDefinition } from './gauges.js';
export { defineService } from './service.js';
export type { ServiceDefinition } from './service.js';
export {
  ServiceError,
  ERROR_TABLE,
  isServiceError,
  toServiceError,
  toJsonRpcError,
  quotaExceeded,
  QUOTA_RETRY_AFTER_SECONDS,
} from './errors.js';
export type { ErrorCode, ServiceErrorOptions } from './errors.js';
export { assertWorkBudget, formatCount, workOf } from './work-budget.js';
export type { WorkBudget, WorkFactor } from './work-budget.js';
export { boundedInt, loadConfig, loadSettings, ConfigError } from './config.js';
export type { Config, ConfiguredApiKey, LoadConfigOptions } from './config.js';
export { createLogger, redact } from './logger.js';
export type { Logger, LogLevel, CreateLoggerOptions } from './logger.js';
export { expandPermissions, hasPermission, PERMISSIONS, LOCAL_IDENTITY, quotaSubject } from './auth/identity.js';
export type { Identity, Permission, AuthType } from './auth/identity.js';
export { MemoryStore } from './store/memory-store.js';
export type { MemoryStoreOptions } from './store/memory-store.js';
export { compareStreamIds, readJson, writeJson } from './store/store.js';
export type { Store, SetOptions, SlotOptions, StreamQuota, StreamQuotaBound, StreamEntry, StreamPendingEntry } from './store/store.js';
export { BreakerRegistry } from './breakers.js';
export type { Breaker, BreakerOptions, BreakerRegistryOptions, BreakerState } from './breakers.js';
export { startService, startStdioService, runService } from './runtime.js';
export type { RunningService, StartServiceOptions, RunServiceOptions } from './runtime.js';
export type { ToolCallEvent } from './mcp/call-tool.js';
export { readPackageVersion } from './registry.js';
