#!/usr/bin/env node
import { holdStartupHeap } from '@a2a-mcp/core/startup';

// Everything else is loaded after the hold (static imports would load before it): see core's startup.ts.
holdStartupHeap();
const { runService } = await import('@a2a-mcp/core');
const { createTransportLayerService } = await import('./service.js');

// A factory, so a bad TRANSPORT_* variable is reported and exits 78 like core's own settings.
await runService(() => createTransportLayerService(), { moduleUrl: import.meta.url });
