#!/usr/bin/env node
import { runService } from '@a2a-mcp/core';
import { createResourceStreamingService } from './service.js';

// A factory, so a bad STREAM_* variable is reported and exits 78 like core's own settings.
await runService(() => createResourceStreamingService(), { moduleUrl: import.meta.url });
