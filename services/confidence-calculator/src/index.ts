#!/usr/bin/env node
import { holdStartupHeap } from '@a2a-mcp/core/startup';

// Everything else is loaded after the hold (static imports would load before it): see core's startup.ts.
holdStartupHeap();
const { runService } = await import('@a2a-mcp/core');
const { createConfidenceCalculatorService } = await import('./service.js');

// A factory, so a bad CONFIDENCE_* variable is reported and exits 78 like core's own settings.
await runService(() => createConfidenceCalculatorService(), { moduleUrl: import.meta.url });
