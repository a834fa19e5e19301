/**
 * A service is a declaration: name, version, tools, resources. Core turns it into a runnable
 * server (HTTP or stdio); the service package holds no HTTP, auth, logging or metrics code.
 */
import type { BreakerOptions } from './breakers.js';
import { checkGaugeDefinitions, type GaugeDefinition } from './gauges.js';
import type { ResourceDefinition, ResourceTemplateDefinition } from './resource.js';
import type { AnyToolDefinition } from './tool.js';
import type { SubscriptionLimits } from './mcp/subscriptions.js';

export interface ServiceDefinition {
  /** The name in services.json. */
  name: string;
  version: string;
  /** Shown to clients as server instructions. */
  instructions?: string;
  tools: readonly AnyToolDefinition[];
  resources?: readonly ResourceDefinition[];
  resourceTemplates?: readonly ResourceTemplateDefinition[];
  /** Bounds on resource subscriptions (when a resource is `subscribable`); core's defaults otherwise. */
  subscriptionLimits?: Partial<SubscriptionLimits>;
  /** Gauges computed from the store at each /metrics scrape (see `defineGauge`). */
  gauges?: readonly GaugeDefinition[];
  /**
   * Circuit breakers the tools use (`ctx.breakers.get(name, options)`), by name: created at start
   * with these options, so operators see them (GET /circuit-breakers, `mcp_circuit_breaker_state`)
   * before the first call. A tool may still create others on first use.
   */
  breakers?: Readonly<Record<string, BreakerOptions>>;
}

const TOOL_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Declares a service, checking that tool names are snake_case and unique, resource URIs unique and
 * gauge declarations valid.
 * Throws at start-up, never at request time.
 */
export function defineService(definition: ServiceDefinition): ServiceDefinition {
  const seen = new Set<string>();
  for (const tool of definition.tools) {
    if (!TOOL_NAME.test(tool.name)) throw new Error(`Tool name "${tool.name}" must be snake_case`);
    if (seen.has(tool.name)) throw new Error(`Tool "${tool.name}" is declared twice`);
    seen.add(tool.name);
  }
  const uris = new Set<string>();
  for (const resource of [
    ...(definition.resources ?? []).map((r) => r.uri),
    ...(definition.resourceTemplates ?? []).map((t) => t.uriTemplate),
  ]) {
    if (uris.has(resource)) throw new Error(`Resource "${resource}" is declared twice`);
    uris.add(resource);
  }
  checkGaugeDefinitions(definition.gauges ?? []);
  return definition;
}
