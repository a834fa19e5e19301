#!/usr/bin/env node
// The entry's only static import: launchService holds V8's young generation while everything else
// loads (see core's startup.ts).
import { launchService } from '@a2a-mcp/core/startup';

await launchService(
  async () => {
    const { createConfidenceCalculatorService } = await import('./service.js');
    // A factory, so a bad CONFIDENCE_* variable is reported and exits 78 like core's own settings.
    return () => createConfidenceCalculatorService();
  },
  import.meta.url,
);
