/**
 * Compiles tool declarations once at start-up: JSON Schemas, tools/list entries per permission
 * level (serialised once), and the lookup table the dispatcher uses. Immutable and shared by every
 * request; no per-request state lives here.
 */
import { z } from 'zod';
import { hasPermission, type Identity, type Permission } from '../auth/identity.js';
import type { AnyToolDefinition } from '../tool.js';
import { dialectViolations, toInputJsonSchema } from './input-schema.js';

export interface ToolListEntry {
  name: string;
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
  annotations: Record<string, unknown>;
}

export interface CompiledTool {
  definition: AnyToolDefinition;
  entry: ToolListEntry;
}

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  if (json.type !== 'object') throw new Error('Tool schemas must be objects');
  return json;
}

/**
 * The advertised input schema, held to the portable dialect (see input-schema.ts): a tool whose
 * schema a function-calling API would refuse does not start, naming each problem.
 */
function inputSchemaOf(definition: AnyToolDefinition): Record<string, unknown> {
  const json = toInputJsonSchema(definition.input);
  if (json.type !== 'object') throw new Error('Tool schemas must be objects');
  const violations = dialectViolations(json);
  if (violations.length > 0) {
    throw new Error(
      `Tool ${definition.name}: its input schema leaves the portable dialect (docs/architecture.md, "Input schemas"): ${violations.slice(0, 10).join('; ')}`,
    );
  }
  return json;
}

export class ToolRegistry {
  private readonly byName = new Map<string, CompiledTool>();
  private readonly listCache = new Map<string, ToolListEntry[]>();

  constructor(
    tools: readonly AnyToolDefinition[],
    /** Tools callable without credentials (PUBLIC_TOOLS). */
    readonly publicTools: ReadonlySet<string> = new Set(),
  ) {
    for (const definition of tools) {
      const annotations = { ...definition.annotations, ...(definition.title ? { title: definition.title } : {}) };
      const entry: ToolListEntry = {
        name: definition.name,
        ...(definition.title ? { title: definition.title } : {}),
        description: definition.description,
        inputSchema: inputSchemaOf(definition),
        outputSchema: toJsonSchema(definition.output, 'output'),
        annotations,
      };
      this.byName.set(definition.name, { definition, entry });
    }
  }

  get(name: string): CompiledTool | undefined {
    return this.byName.get(name);
  }

  get size(): number {
    return this.byName.size;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Whether `identity` may call `tool` (its permission, or it is public). */
  mayCall(identity: Identity, tool: CompiledTool): boolean {
    return hasPermission(identity, tool.definition.permission) || this.publicTools.has(tool.definition.name);
  }

  /**
   * The permission `identity` lacks for calling `tool` with `args`: the tool's own, else what its
   * `permissionFor` hook asks for these arguments; undefined when the call may go ahead.
   */
  missingPermission(identity: Identity, tool: CompiledTool, args: unknown): Permission | undefined {
    if (!this.mayCall(identity, tool)) return tool.definition.permission;
    const extra = tool.definition.permissionFor?.(
      args !== null && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : {},
      identity,
    );
    return extra !== undefined && !hasPermission(identity, extra) ? extra : undefined;
  }

  /** The tools/list entries `identity` may call; cached per permission set. */
  listFor(identity: Identity): ToolListEntry[] {
    const key = `${[...identity.permissions].sort().join(',')}|${identity.authType === 'anonymous' ? 'anon' : ''}`;
    let list = this.listCache.get(key);
    if (!list) {
      list = [...this.byName.values()].filter((tool) => this.mayCall(identity, tool)).map((tool) => tool.entry);
      this.listCache.set(key, list);
    }
    return list;
  }
}
