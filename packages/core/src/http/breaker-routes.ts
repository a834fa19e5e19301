/**
 * `GET /circuit-breakers` (states and rolling counts, no secrets) and `POST /circuit-breakers/reset`
 * (admin: 401 without credentials, 403 `insufficient_scope` without `admin`, both with the pipeline's
 * challenge, so OAuth clients find the resource metadata; `?name=<breaker>` resets one, else all).
 * The GET is public, like /status: breaker names and states, no secrets.
 */
import type { BreakerRegistry } from '../breakers.js';
import { ServiceError } from '../errors.js';
import { sendJson } from './respond.js';
import type { RouteHandler } from './server.js';

/** The two routes, for the pipeline's `routes` map. */
export function createBreakerRoutes(breakers: BreakerRegistry): Record<string, RouteHandler> {
  return {
    '/circuit-breakers': (req, res) => {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        throw new ServiceError('method_not_allowed', 'Use GET', { headers: { Allow: 'GET' } });
      sendJson(res, 200, JSON.stringify({ breakers: breakers.snapshot() }));
    },
    '/circuit-breakers/reset': async (req, res, auth) => {
      if (req.method !== 'POST') throw new ServiceError('method_not_allowed', 'Use POST', { headers: { Allow: 'POST' } });
      await auth.require('admin');
      const name = new URL(req.url ?? '/', 'http://localhost').searchParams.get('name') ?? undefined;
      const reset = breakers.reset(name);
      if (name !== undefined && reset.length === 0) throw new ServiceError('not_found', `No circuit breaker named ${name.slice(0, 100)}`);
      sendJson(res, 200, JSON.stringify({ reset, breakers: breakers.snapshot() }));
    },
  };
}
