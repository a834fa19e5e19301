#!/usr/bin/env node
import { runService } from '@a2a-mcp/core';
import { createTransportLayerService } from './service.js';

// A factory, so a bad TRANSPORT_* variable is reported and exits 78 like core's own settings.
await runService(() => createTransportLayerService(), { moduleUrl: import.meta.url });
