/**
 * @a2a-mcp/service-manager — the supervisor and helpers behind the `service-manager` CLI, for
 * embedding (tests, custom launchers). The CLI itself is `dist/cli.js`.
 */
export { Supervisor, DEFAULT_BACKOFF, describeExit } from './supervisor.js';
export type { ServiceSpec, BackoffPolicy, SupervisorOptions } from './supervisor.js';
export { serve } from './serve.js';
export type { SuperviseRequest, ServeHandle } from './serve.js';
export { EXIT_CODES, ManagerError } from './errors.js';
export type { ExitCodeName } from './errors.js';
export { loadContext, selectServices } from './context.js';
export type { ManagerContext, ServiceInfo } from './context.js';
export { stateFiles, readLiveSupervisor } from './state.js';
export type { SupervisorInfo, SupervisorSnapshot, ServiceSnapshot, WorkerSnapshot, ServiceState } from './state.js';
export { RotatingLog } from './log-file.js';
export { parseExpiry, parsePermissions } from './commands/keys.js';
