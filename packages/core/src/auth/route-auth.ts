/** What an extra HTTP route (circuit breakers, OAuth metadata) gets to authenticate its caller. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Identity, Permission } from './identity.js';

/** Authentication for an extra route; both use the pipeline's challenge (resource_metadata with OAuth). */
export interface RouteAuth {
  /** The caller's identity; undefined without credentials; a 401 for bad ones. */
  identity: () => Promise<Identity | undefined>;
  /** The identity when it holds `permission`: else 401 (no or bad credentials) or 403 `insufficient_scope`. */
  require: (permission: Permission) => Promise<Identity>;
}

/** Extra routes added by other layers (circuit breakers, OAuth metadata). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, auth: RouteAuth) => Promise<void> | void;
