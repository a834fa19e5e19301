#!/usr/bin/env node
// The entry's only static import: launchService holds V8's young generation while everything else
// loads (see core's startup.ts).
import { launchService } from '@a2a-mcp/core/startup';

await launchService(
  async () => {
    const { createSemanticSimilarityService } = await import('./service.js');
    return () => createSemanticSimilarityService();
  },
  import.meta.url,
);
