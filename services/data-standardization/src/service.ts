import { defineService, loadSettings, readPackageVersion, type ServiceDefinition } from '@a2a-mcp/core';
import { settingsSchema, type Settings } from './settings.js';
import { createTools } from './tools/index.js';
import { workflowResource } from './tools/workflow-resource.js';

export { settingsSchema, type Settings } from './settings.js';
export { createTools } from './tools/index.js';

/**
 * The data-standardization service declaration (port 8101). Settings default to the DS_*
 * environment variables; pass them explicitly in tests.
 */
export function createDataStandardizationService(settings: Settings = loadSettings(settingsSchema)): ServiceDefinition {
  return defineService({
    name: 'data-standardization',
    version: readPackageVersion(import.meta.url),
    instructions:
      'Turns messy business records (accounts, locations, products, raw dates, phones, amounts, countries) into canonical forms, and measures data quality: completeness, schema compliance, business rules, integrity.',
    tools: createTools(settings),
    resourceTemplates: [workflowResource],
  });
}
