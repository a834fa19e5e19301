#!/usr/bin/env node
import { runService } from '@a2a-mcp/core';
import { createDataStandardizationService } from './service.js';

await runService(() => createDataStandardizationService(), { moduleUrl: import.meta.url });
