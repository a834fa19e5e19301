#!/usr/bin/env node
import { runService } from '@a2a-mcp/core';
import { createReasoningAgentService } from './service.js';

await runService(() => createReasoningAgentService(), { moduleUrl: import.meta.url });
