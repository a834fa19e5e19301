#!/usr/bin/env node
import { holdStartupHeap } from '@a2a-mcp/core/startup';

// Everything else is loaded after the hold (static imports would load before it): see core's startup.ts.
holdStartupHeap();
const { runService } = await import('@a2a-mcp/core');
const { createVectorSimilarityService } = await import('./service.js');

await runService(() => createVectorSimilarityService(), { moduleUrl: import.meta.url });
