/**
 * Runs a service's calls (cases.ts) through one client, in order, and records what that client's
 * framework would hand its model for each call. Erasable TypeScript importing only `cases.ts`: the
 * Node 22 driver runs it with Node's type stripping, the jest side imports it as usual.
 */
import type { Run, ToolCase } from './cases.ts';

/** One call as a framework's model would see it. */
export interface CallRecord {
  label: string;
  tool: string;
  /** The text the framework gives its model, one entry per text part, in order. */
  segments: string[];
  /** Set when the call could not be made (its arguments needed an earlier result) or threw. */
  error?: string;
}

/** Calls `tool` and returns the text parts its framework hands the model. */
export type ModelTextCall = (tool: string, args: Record<string, unknown>) => Promise<string[]>;

/** Text of content parts: `{type: 'text', text}` (MCP, LangChain) or `{type: 'text', value}` (AI SDK). */
export function textParts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((part) => textParts(part));
  if (value !== null && typeof value === 'object') {
    const part = value as { type?: unknown; text?: unknown; value?: unknown };
    if (part.type === 'text' && typeof part.text === 'string') return [part.text];
    if (part.type === 'text' && typeof part.value === 'string') return [part.value];
    if ((part.type === 'json' || part.type === 'error-json') && part.value !== undefined) return [JSON.stringify(part.value)];
    if ((part.type === 'content' || part.type === 'error-text') && part.value !== undefined) return textParts(part.value);
  }
  return [];
}

/**
 * A text part as JSON: the whole text, else its first line. Mastra joins a result's text blocks
 * with newlines into one text (the JSON line, then the summary); JSON.stringify output has no
 * newline, so the first line is the whole JSON block.
 */
function parseJson(text: string): unknown {
  for (const candidate of [text, text.split('\n', 1)[0]!]) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // not JSON: try the next reading
    }
  }
  return undefined;
}

/**
 * The structured data a model can read from the text parts: the first part that is a JSON object.
 * LangChain hands its model a lone MCP text block serialized whole (`{"type":"text","text":…,
 * "structuredContent":…}`): then the data is what that block carries, its structuredContent or its
 * text parsed as JSON.
 */
export function dataSeen(segments: readonly string[]): Record<string, unknown> | undefined {
  for (const segment of segments) {
    const parsed = parseJson(segment);
    if (parsed === undefined) continue;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) continue;
    const block = parsed as { type?: unknown; text?: unknown; structuredContent?: unknown };
    if (block.type === 'text' && typeof block.text === 'string') {
      if (block.structuredContent !== null && typeof block.structuredContent === 'object')
        return block.structuredContent as Record<string, unknown>;
      const inner = dataSeen([block.text]);
      if (inner) return inner;
      continue;
    }
    return parsed as Record<string, unknown>;
  }
  return undefined;
}

/** Runs `cases` in order through `call`; later arguments come from the data earlier calls showed the model. */
export async function runChain(cases: readonly ToolCase[], run: Run, call: ModelTextCall): Promise<CallRecord[]> {
  const prior: Record<string, Record<string, unknown>> = {};
  const records: CallRecord[] = [];
  for (const c of cases) {
    let args: Record<string, unknown>;
    try {
      args = c.args(prior, run);
    } catch (error) {
      records.push({ label: c.label, tool: c.tool, segments: [], error: (error as Error).message });
      continue;
    }
    try {
      const segments = await call(c.tool, args);
      const data = dataSeen(segments);
      if (data) prior[c.label] = data;
      records.push({ label: c.label, tool: c.tool, segments });
    } catch (error) {
      records.push({ label: c.label, tool: c.tool, segments: [], error: (error as Error).message });
    }
  }
  return records;
}
