/** Writing responses: JSON bodies with a known length, and JSON-RPC / plain error bodies. */
import type { ServerResponse } from 'node:http';
import { toJsonRpcError, type ServiceError } from '../errors.js';
import { sendJson } from '../send-json.js';
import type { JsonRpcId } from '../json-rpc.js';

/** A JSON-RPC error response with the status and headers the error table prescribes. */
export function sendJsonRpcError(res: ServerResponse, error: ServiceError, id: JsonRpcId = null): void {
  sendJson(res, error.httpStatus, JSON.stringify({ jsonrpc: '2.0', id, error: toJsonRpcError(error) }), error.headers);
}

/** A plain JSON error for the operational endpoints. */
export function sendPlainError(res: ServerResponse, error: ServiceError): void {
  sendJson(res, error.httpStatus, JSON.stringify({ error: { code: error.code, message: error.message } }), error.headers);
}

export { sendJson } from '../send-json.js';
