import type { AnyToolDefinition } from '@a2a-mcp/core';
import type { StreamSettings } from '../settings.js';
import { createPublishEventTool } from './publish-event.js';
import { createReadStreamTool } from './read-stream.js';

/** The two resource-streaming tools. */
export function createTools(settings: StreamSettings): AnyToolDefinition[] {
  return [createPublishEventTool(settings), createReadStreamTool(settings)] as AnyToolDefinition[];
}
