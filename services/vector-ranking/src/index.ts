#!/usr/bin/env node
import { holdStartupHeap } from '@a2a-mcp/core/startup';

// Everything else is loaded after the hold (static imports would load before it): see core's startup.ts.
holdStartupHeap();
const { runService } = await import('@a2a-mcp/core');
const { createVectorRankingService } = await import('./service.js');

await runService(() => createVectorRankingService(), { moduleUrl: import.meta.url });
