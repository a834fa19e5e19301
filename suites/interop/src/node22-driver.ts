/**
 * The clients that require Node >= 22 (`@ai-sdk/mcp` + `ai`, `@mastra/mcp`), driven against one
 * running service. Run by `runNode22Driver` (drivers.ts) on suites/node22's binary, with Node's
 * type stripping: `node node22-driver.ts '<json requests>'`; prints the JSON reports on stdout, in order.
 *
 * For each framework: the tools it lists with the input schema it would send a model provider,
 * every call of the service's chain (cases.ts) as the text the framework hands its model, and the
 * outcome of one call with an unknown argument.
 */
import { createMCPClient } from '@ai-sdk/mcp';
import { MCPClient } from '@mastra/mcp';
import { CASES } from './cases.ts';
import { runChain, textParts, type CallRecord, type ModelTextCall } from './chain.ts';

export interface DriverRequest {
  service: string;
  url: string;
  headers: Record<string, string>;
  /** The client id of the key in `headers`. */
  client: string;
  /** A call with an extra argument the tool does not take. */
  unknown: { tool: string; args: Record<string, unknown> };
}

export interface FrameworkReport {
  /** Tool name → the input schema the framework hands a model provider. */
  schemas: Record<string, unknown>;
  records: CallRecord[];
  unknown: { segments: string[]; error?: string };
}

export type DriverReport = Record<'ai-sdk' | 'mastra', FrameworkReport>;

interface Opened {
  schemas: Record<string, unknown>;
  call: ModelTextCall;
  close(): Promise<void>;
}

async function attempt(call: ModelTextCall, tool: string, args: Record<string, unknown>): Promise<{ segments: string[]; error?: string }> {
  try {
    return { segments: await call(tool, args) };
  } catch (error) {
    return { segments: [], error: (error as Error).message };
  }
}

async function openAiSdk(request: DriverRequest): Promise<Opened> {
  const client = await createMCPClient({ transport: { type: 'http', url: request.url, headers: request.headers } });
  const tools = await client.tools();
  const schemas: Record<string, unknown> = {};
  for (const [name, tool] of Object.entries(tools)) schemas[name] = await (tool.inputSchema as { jsonSchema: unknown }).jsonSchema;
  let n = 0;
  // What generateText puts in the tool-result message: the tool's toModelOutput of execute's result.
  const call: ModelTextCall = async (name, args) => {
    const tool = tools[name];
    if (!tool) throw new Error(`the AI SDK lists no tool ${name}`);
    const options = { toolCallId: `call-${++n}`, messages: [], context: {} };
    const output: unknown = await tool.execute(args, options);
    const toModelOutput = tool.toModelOutput as ((o: { toolCallId: string; input: unknown; output: unknown }) => unknown) | undefined;
    const model = toModelOutput
      ? await toModelOutput({ toolCallId: options.toolCallId, input: args, output })
      : { type: 'json', value: output };
    return textParts(model);
  };
  return { schemas, call, close: () => client.close() };
}

async function openMastra(request: DriverRequest): Promise<Opened> {
  const client = new MCPClient({
    id: `interop-${process.pid}-${request.service}`,
    servers: { svc: { url: new URL(request.url), requestInit: { headers: request.headers } } },
  });
  // Mastra names a server's tools `<server>_<tool>`.
  const listed = await client.listTools();
  const tools = Object.fromEntries(Object.entries(listed).map(([name, tool]) => [name.replace(/^svc_/, ''), tool]));
  const schemas: Record<string, unknown> = {};
  for (const [name, tool] of Object.entries(tools)) {
    // A Standard Schema wrapper around the listed JSON Schema: its JSON Schema as Mastra emits it.
    const schema = tool.inputSchema as { '~standard'?: { jsonSchema?: { input?: (o: { target: string }) => unknown } } } | undefined;
    schemas[name] = schema?.['~standard']?.jsonSchema?.input?.({ target: 'draft-2020-12' }) ?? null;
  }
  // What an Agent hands its model: the tool's toModelOutput of execute's result (JSON when it has none).
  const call: ModelTextCall = async (name, args) => {
    const tool = tools[name];
    if (!tool?.execute) throw new Error(`Mastra lists no tool ${name}`);
    const output: unknown = await tool.execute(args, {} as never);
    const toModelOutput = (tool as { toModelOutput?: (o: unknown) => unknown }).toModelOutput;
    const model = toModelOutput ? await toModelOutput(output) : { type: 'json', value: output };
    return textParts(model);
  };
  return { schemas, call, close: () => client.disconnect() };
}

/** Both frameworks' chains first, then the unknown-argument calls (which may have effects when accepted). */
async function drive(request: DriverRequest): Promise<DriverReport> {
  const opened = { 'ai-sdk': await openAiSdk(request), mastra: await openMastra(request) };
  try {
    const cases = CASES[request.service] ?? [];
    const records = {
      'ai-sdk': await runChain(cases, { name: 'ai-sdk', client: request.client }, opened['ai-sdk'].call),
      mastra: await runChain(cases, { name: 'mastra', client: request.client }, opened.mastra.call),
    };
    const report = {} as DriverReport;
    for (const framework of ['ai-sdk', 'mastra'] as const) {
      report[framework] = {
        schemas: opened[framework].schemas,
        records: records[framework],
        unknown: await attempt(opened[framework].call, request.unknown.tool, request.unknown.args),
      };
    }
    return report;
  } finally {
    await Promise.allSettled([opened['ai-sdk'].close(), opened.mastra.close()]);
  }
}

// One process for every service: loading the two frameworks is most of a run's cost.
const requests = JSON.parse(process.argv[2] ?? '[]') as DriverRequest[];
const reports: DriverReport[] = [];
for (const request of requests) reports.push(await drive(request));
process.stdout.write(JSON.stringify(reports));
