import { defineResourceTemplate, ServiceError } from '@a2a-mcp/core';
import { workflowKey } from './run-standardization-workflow.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** standardization://workflows/{workflow_id}: a stored workflow result, while its TTL lasts. */
export const workflowResource = defineResourceTemplate({
  uriTemplate: 'standardization://workflows/{workflow_id}',
  name: 'standardization-workflow',
  title: 'Standardization workflow result',
  description:
    'The result of run_standardization_workflow (stages, timings, standardized records), kept for DS_WORKFLOW_TTL_MS (default 24 h).',
  mimeType: 'application/json',
  read: async ({ workflow_id: id = '' }, ctx) => {
    const stored = UUID.test(id) ? await ctx.store.get(workflowKey(id)) : undefined;
    if (stored === undefined)
      throw new ServiceError('not_found', `No workflow ${id.slice(0, 100)} (unknown or expired)`, {
        data: { workflow_id: id.slice(0, 100) },
      });
    return JSON.parse(stored) as Record<string, unknown>;
  },
});
