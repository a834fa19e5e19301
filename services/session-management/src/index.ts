#!/usr/bin/env node
// The entry's only static import: launchService holds V8's young generation while everything else
// loads (see core's startup.ts).
import { launchService } from '@a2a-mcp/core/startup';

await launchService(
  async () => {
    const { createSessionManagementService } = await import('./service.js');
    const { loadSessionSettings } = await import('./settings.js');
    // A factory, so a missing or short SESSION_SIGNING_SECRET is reported and exits 78 like core's own settings.
    return () => createSessionManagementService(loadSessionSettings(undefined, { production: process.argv.includes('--production') }));
  },
  import.meta.url,
);
