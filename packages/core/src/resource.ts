/**
 * Resources: fixed URIs (`confidence://calculator/status`) and URI templates (`stream://{name}`),
 * each with a read function that returns text or a JSON value.
 */
import type { Identity, Permission } from './auth/identity.js';
import type { Logger } from './logger.js';
import type { Store } from './store/store.js';

export interface ResourceContext {
  identity: Identity;
  logger: Logger;
  store: Store;
  signal: AbortSignal;
}

/** What a read returns: a string is sent as-is, anything else as JSON. */
export type ResourceBody = string | Record<string, unknown> | unknown[];

export interface ResourceDefinition {
  uri: string;
  name: string;
  title?: string;
  description: string;
  /** Default `application/json`. */
  mimeType?: string;
  /** Default `read`. */
  permission?: Permission;
  /**
   * Clients may subscribe to updates of this resource (2026-07-28 `subscriptions/listen`); the
   * service announces changes with `ctx.resources.notifyUpdated(uri)`. Default false.
   */
  subscribable?: boolean;
  read: (ctx: ResourceContext) => Promise<ResourceBody> | ResourceBody;
}

export interface ResourceTemplateDefinition {
  /** RFC 6570 level-1 template, e.g. `standardization://workflows/{workflow_id}`. */
  uriTemplate: string;
  name: string;
  title?: string;
  description: string;
  mimeType?: string;
  permission?: Permission;
  /**
   * Clients may subscribe to updates of any URI this template matches (2026-07-28
   * `subscriptions/listen`), even one that has no content yet; the service announces changes with
   * `ctx.resources.notifyUpdated(uri)`. Default false.
   */
  subscribable?: boolean;
  /** Concrete resources to show in resources/list (optional). */
  list?: (ctx: ResourceContext) => Promise<{ uri: string; name: string }[]> | { uri: string; name: string }[];
  /** Reads one instance; `params` holds the decoded template variables. Throw `not_found` when absent. */
  read: (params: Record<string, string>, ctx: ResourceContext) => Promise<ResourceBody> | ResourceBody;
}

/** Declares a fixed resource. */
export function defineResource(definition: ResourceDefinition): ResourceDefinition {
  return definition;
}

/** Declares a resource template. */
export function defineResourceTemplate(definition: ResourceTemplateDefinition): ResourceTemplateDefinition {
  return definition;
}

/**
 * Compiles a level-1 URI template into a matcher: `{name}` matches one or more characters other
 * than `/`, `?` and `#`, percent-decoded.
 */
export function compileUriTemplate(template: string): (uri: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([A-Za-z0-9_]+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/?#]+)';
  });
  const regex = new RegExp(`^${pattern}$`);
  return (uri) => {
    const match = regex.exec(uri);
    if (!match) return undefined;
    const params: Record<string, string> = {};
    try {
      names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1]!)));
    } catch {
      return undefined;
    }
    return params;
  };
}
