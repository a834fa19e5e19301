/**
 * The resources a service exposes, compiled once: fixed resources by URI and templates by
 * matcher. Reads check the resource's permission and return one text content item.
 */
import { hasPermission, type Identity, type Permission } from '../auth/identity.js';
import { ServiceError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  compileUriTemplate,
  type ResourceBody,
  type ResourceContext,
  type ResourceDefinition,
  type ResourceTemplateDefinition,
} from '../resource.js';
import type { Store } from '../store/store.js';

export interface ResourceContents {
  uri: string;
  mimeType: string;
  text: string;
}

function encode(body: ResourceBody): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

export class ResourceCatalog {
  private readonly fixed = new Map<string, ResourceDefinition>();
  private readonly templateMatchers: {
    definition: ResourceTemplateDefinition;
    match: (uri: string) => Record<string, string> | undefined;
  }[];

  constructor(
    resources: readonly ResourceDefinition[],
    templates: readonly ResourceTemplateDefinition[],
    private readonly deps: { logger: Logger; store: Store },
  ) {
    for (const resource of resources) this.fixed.set(resource.uri, resource);
    this.templateMatchers = templates.map((definition) => ({ definition, match: compileUriTemplate(definition.uriTemplate) }));
  }

  get size(): number {
    return this.fixed.size + this.templateMatchers.length;
  }

  /** Whether any resource or template is subscribable. */
  get subscribable(): boolean {
    return (
      [...this.fixed.values()].some((r) => r.subscribable === true) ||
      this.templateMatchers.some(({ definition }) => definition.subscribable === true)
    );
  }

  /**
   * The permission needed to subscribe to `uri`: that of the subscribable resource or template it
   * names; undefined when `uri` names nothing subscribable.
   */
  subscriptionPermission(uri: string): Permission | undefined {
    const fixed = this.fixed.get(uri);
    if (fixed) return fixed.subscribable === true ? (fixed.permission ?? 'read') : undefined;
    for (const { definition, match } of this.templateMatchers) {
      if (match(uri)) return definition.subscribable === true ? (definition.permission ?? 'read') : undefined;
    }
    return undefined;
  }

  private context(identity: Identity, signal: AbortSignal): ResourceContext {
    return { identity, signal, logger: this.deps.logger, store: this.deps.store };
  }

  async list(identity: Identity, signal: AbortSignal): Promise<{ uri: string; name: string; description?: string; mimeType: string }[]> {
    const out: { uri: string; name: string; description?: string; mimeType: string }[] = [];
    for (const r of this.fixed.values()) {
      if (hasPermission(identity, r.permission ?? 'read'))
        out.push({ uri: r.uri, name: r.name, description: r.description, mimeType: r.mimeType ?? 'application/json' });
    }
    for (const { definition } of this.templateMatchers) {
      if (!definition.list || !hasPermission(identity, definition.permission ?? 'read')) continue;
      for (const item of await definition.list(this.context(identity, signal)))
        out.push({ ...item, mimeType: definition.mimeType ?? 'application/json' });
    }
    return out;
  }

  templates(identity: Identity): { uriTemplate: string; name: string; description: string; mimeType: string }[] {
    return this.templateMatchers
      .filter(({ definition }) => hasPermission(identity, definition.permission ?? 'read'))
      .map(({ definition }) => ({
        uriTemplate: definition.uriTemplate,
        name: definition.name,
        description: definition.description,
        mimeType: definition.mimeType ?? 'application/json',
      }));
  }

  async read(uri: string, identity: Identity, signal: AbortSignal): Promise<ResourceContents> {
    const fixed = this.fixed.get(uri);
    if (fixed) {
      if (!hasPermission(identity, fixed.permission ?? 'read'))
        throw new ServiceError('forbidden', `Reading ${uri} needs the "${fixed.permission ?? 'read'}" permission`);
      return { uri, mimeType: fixed.mimeType ?? 'application/json', text: encode(await fixed.read(this.context(identity, signal))) };
    }
    for (const { definition, match } of this.templateMatchers) {
      const params = match(uri);
      if (!params) continue;
      if (!hasPermission(identity, definition.permission ?? 'read'))
        throw new ServiceError('forbidden', `Reading ${uri} needs the "${definition.permission ?? 'read'}" permission`);
      return {
        uri,
        mimeType: definition.mimeType ?? 'application/json',
        text: encode(await definition.read(params, this.context(identity, signal))),
      };
    }
    throw new ServiceError('not_found', `Resource not found: ${uri.slice(0, 200)}`);
  }
}
