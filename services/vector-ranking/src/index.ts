#!/usr/bin/env node
import { runService } from '@a2a-mcp/core';
import { createVectorRankingService } from './service.js';

await runService(() => createVectorRankingService(), { moduleUrl: import.meta.url });
