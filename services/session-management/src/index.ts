#!/usr/bin/env node
import { holdStartupHeap } from '@a2a-mcp/core/startup';

// Everything else is loaded after the hold (static imports would load before it): see core's startup.ts.
holdStartupHeap();
const { runService } = await import('@a2a-mcp/core');
const { createSessionManagementService } = await import('./service.js');
const { loadSessionSettings } = await import('./settings.js');

// A factory, so a missing or short SESSION_SIGNING_SECRET is reported and exits 78 like core's own settings.
await runService(
  () => createSessionManagementService(loadSessionSettings(undefined, { production: process.argv.includes('--production') })),
  { moduleUrl: import.meta.url },
);
