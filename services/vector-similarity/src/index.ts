#!/usr/bin/env node
import { runService } from '@a2a-mcp/core';
import { createVectorSimilarityService } from './service.js';

await runService(() => createVectorSimilarityService(), { moduleUrl: import.meta.url });
