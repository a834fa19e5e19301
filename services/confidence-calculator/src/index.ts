#!/usr/bin/env node
import { runService } from '@a2a-mcp/core';
import { createConfidenceCalculatorService } from './service.js';

// A factory, so a bad CONFIDENCE_* variable is reported and exits 78 like core's own settings.
await runService(() => createConfidenceCalculatorService(), { moduleUrl: import.meta.url });
