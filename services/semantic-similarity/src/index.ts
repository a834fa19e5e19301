#!/usr/bin/env node
import { runService } from '@a2a-mcp/core';
import { createSemanticSimilarityService } from './service.js';

await runService(() => createSemanticSimilarityService(), { moduleUrl: import.meta.url });
