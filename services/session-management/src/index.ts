#!/usr/bin/env node
import { runService } from '@a2a-mcp/core';
import { createSessionManagementService } from './service.js';
import { loadSessionSettings } from './settings.js';

// A factory, so a missing or short SESSION_SIGNING_SECRET is reported and exits 78 like core's own settings.
await runService(
  () => createSessionManagementService(loadSessionSettings(undefined, { production: process.argv.includes('--production') })),
  { moduleUrl: import.meta.url },
);
