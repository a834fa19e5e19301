export { applyAllowlist, parseAuditOutput, readAllowlist, runPnpmAudit } from './audit.js';
export type { Advisory, AllowEntry, AllowlistVerdict, AuditReport, RunAuditOptions } from './audit.js';
export { formatFinding, KEY_STORE_FILES, maskSecret, readKeyStore, scanLogs } from './log-scan.js';
export type { Finding, KnownSecret, ScanResult, ScanRoot } from './log-scan.js';
export { collectTestSecrets, harvestSecrets } from './test-secrets.js';
