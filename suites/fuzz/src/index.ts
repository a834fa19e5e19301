/**
 * @a2a-mcp/fuzz: fast-check property tests over the raw HTTP surface and every tool's input
 * schema of the nine services, run as child processes (test/). The pieces are exported for other
 * test packages: the fleet of child processes, the arbitraries, the invariants.
 */
export { DEFAULT_REQUESTS, DEFAULT_SEED, FULL_REQUESTS, readBudget, splitBudget } from './budget.js';
export type { FuzzBudget } from './budget.js';
export { loadServiceEntries, startFleet } from './fleet.js';
export type { ChildLogLine, Fleet, FleetService, MemorySample, ServiceEntry, StartFleetOptions } from './fleet.js';
export { createAgent, sendRaw } from './http-client.js';
export type { RawReply, RawRequest, SendOptions } from './http-client.js';
export { checkReply, jsonRpcProblems, sseData } from './invariants.js';
export type { InvariantContext } from './invariants.js';
export { cloneValue, hugeArray, hugeString, nestedJson, objectFromEntries, RawJson, setOwn, toJsonText } from './json-text.js';
export type { NestingKind } from './json-text.js';
export { memoryProblems, mebibytes } from './memory.js';
export type { MemoryBounds } from './memory.js';
export { rawHttpArbitrary, toRequest } from './raw-http.js';
export type { RawHttpCase, RawHttpOptions } from './raw-http.js';
export { describeRequest, FuzzRunner, redact, toolOutcome } from './runner.js';
export type { FuzzStats } from './runner.js';
export { jsonValueArbitrary, schemaArbitrary } from './schema-arbitrary.js';
export type { JsonSchema, SchemaArbitraryOptions } from './schema-arbitrary.js';
export { applyMutation, toolCallArbitrary, toolCallRequest } from './tool-call.js';
export type { Mutation, ToolCall, ToolCallOptions, ToolUnderTest } from './tool-call.js';
