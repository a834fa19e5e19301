import type { AnyToolDefinition } from '@a2a-mcp/core';
import type { SessionSettings } from '../settings.js';
import { createCreateSessionTool } from './create-session.js';
import { createGetSessionTool } from './get-session.js';
import { createUpdateSessionTool } from './update-session.js';

/** The three session-management tools. */
export function createTools(settings: SessionSettings): AnyToolDefinition[] {
  return [createCreateSessionTool(settings), createGetSessionTool(settings), createUpdateSessionTool(settings)] as AnyToolDefinition[];
}
