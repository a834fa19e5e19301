import type { AnyToolDefinition } from '@a2a-mcp/core';
import type { TransportSettings } from '../settings.js';
import { createReceiveMessagesTool } from './receive-messages.js';
import { createSendMessageTool } from './send-message.js';

/** The two transport-layer tools. */
export function createTools(settings: TransportSettings): AnyToolDefinition[] {
  return [createSendMessageTool(settings), createReceiveMessagesTool(settings)] as AnyToolDefinition[];
}
