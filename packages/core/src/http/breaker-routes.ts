/**
 * `GET /circuit-breakers` (states and rolling counts, no secrets) and `POST /circuit-breakers/reset`
 * (admin: 401 without credentials, 403 without `admin`; `?name=<breaker>` resets one, else all).
 */
import { requireAdmin } from '../auth/guards.js';
import type { BreakerRegistry } from '../breakers.js';
import { ServiceError } from '../errors.js';
import { sendJson } from './respond.js';
import type { RouteHandler } from './server.js';

/** The two routes, for the pipeline's `routes` map. */
export function createBreakerRoutes(breakers: BreakerRegistry): Record<string, RouteHandler> {
  return {
    '/circuit-breakers': (req, res) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new ServiceError('method_not_allowed', 'Use GET', { headers: { Allow: 'GET' } });
      sendJson(res, 200, JSON.stringify({ breakers: breakers.snapshot() }));
    },
    '/circuit-breakers/reset': async (req, res, identity) => {
      if (req.method !== 'POST') throw new ServiceError('method_not_allowed', 'Use POST', { headers: { Allow: 'POST' } });
      requireAdmin(await identity());
      const name = new URL(req.url ?? '/', 'http://localhost').searchParams.get('name') ?? undefined;
      const reset = breakers.reset(name);
      if (name !== undefined && reset.length === 0) throw new ServiceError('not_found', `No circuit breaker named ${name.slice(0, 100)}`);
      sendJson(res, 200, JSON.stringify({ reset, breakers: breakers.snapshot() }));
    },
  };
}
