/**
 * The clients under test, each reduced to "call a tool, get the text its framework hands the
 * model": LangChain (`@langchain/mcp-adapters` tools run by a LangGraph `ToolNode` on a model's
 * tool call), OpenAI Agents (its MCP server class and `mcpToFunctionTool`, invoked as the runner
 * invokes a function tool), and, on Node 22, the AI SDK and Mastra (node22-driver.ts). No model
 * is called: the frameworks' own tool wrappers are driven directly.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { node22Path } from '@a2a-mcp/node22';
import { AIMessage, type ToolMessage } from '@langchain/core/messages';
import type { StructuredToolInterface } from '@langchain/core/tools';
import { ToolNode } from '@langchain/langgraph/prebuilt';
import { MultiServerMCPClient } from '@langchain/mcp-adapters';
import { MCPServerStreamableHttp, mcpToFunctionTool } from '@openai/agents';
import { textParts, type ModelTextCall } from './chain.ts';
import type { DriverReport, DriverRequest } from './node22-driver.ts';

/** A framework's view of a service: its tools, a call as the model sees it, and a way to close. */
export interface LangChainView {
  tools: StructuredToolInterface[];
  /** The ToolMessage a ToolNode appends after the model asked for `tool(args)`. */
  toolMessage(tool: string, args: Record<string, unknown>): Promise<ToolMessage>;
  call: ModelTextCall;
  close(): Promise<void>;
}

/** LangChain with default options: `MultiServerMCPClient` over Streamable HTTP, tools run by a `ToolNode`. */
export async function openLangChain(url: string, headers: Record<string, string>): Promise<LangChainView> {
  const client = new MultiServerMCPClient({ mcpServers: { svc: { transport: 'http', url, headers } } });
  const tools = await client.getTools();
  // handleToolErrors: a failed tool becomes an error ToolMessage the model reads, as in an agent loop.
  const node = new ToolNode(tools, { handleToolErrors: true });
  let n = 0;
  async function toolMessage(tool: string, args: Record<string, unknown>): Promise<ToolMessage> {
    const id = `call-${++n}`;
    const out = (await node.invoke({
      messages: [new AIMessage({ content: '', tool_calls: [{ name: tool, args, id, type: 'tool_call' }] })],
    })) as { messages: ToolMessage[] };
    const message = out.messages[0];
    if (!message) throw new Error(`ToolNode returned no message for ${tool}`);
    return message;
  }
  return {
    tools,
    toolMessage,
    call: async (tool, args) => textParts((await toolMessage(tool, args)).content),
    close: () => client.close(),
  };
}

/** A tool as the Agents SDK lists it from an MCP server. */
type MCPTool = Awaited<ReturnType<MCPServerStreamableHttp['listTools']>>[number];
/** What `mcpToFunctionTool` makes of it. */
type AgentsFunctionTool = ReturnType<typeof mcpToFunctionTool>;

export interface OpenAIAgentsView {
  /** The server's tools as the Agents SDK lists them. */
  mcpTools: MCPTool[];
  /** `mcpToFunctionTool(tool, server, convertSchemasToStrict)`: what an Agent with `convertSchemasToStrict: true` gets. */
  functionTool(name: string, strict?: boolean): AgentsFunctionTool;
  call: ModelTextCall;
  close(): Promise<void>;
}

/** OpenAI Agents: `MCPServerStreamableHttp` with the key in `requestInit.headers`. */
export async function openOpenAIAgents(url: string, headers: Record<string, string>): Promise<OpenAIAgentsView> {
  const server = new MCPServerStreamableHttp({ url, name: 'svc', requestInit: { headers }, cacheToolsList: false });
  await server.connect();
  const mcpTools = await server.listTools();
  const byName = new Map(mcpTools.map((tool) => [tool.name, tool]));
  function functionTool(name: string, strict = true): AgentsFunctionTool {
    const tool = byName.get(name);
    if (!tool) throw new Error(`OpenAI Agents lists no tool ${name}`);
    return mcpToFunctionTool(tool, server, strict);
  }
  return {
    mcpTools,
    functionTool,
    // The runner passes the model's JSON arguments to invoke and sends its return value back as the
    // function call output: a lone content item, or the content list.
    call: async (tool, args) => textParts(await functionTool(tool).invoke(undefined as never, JSON.stringify(args))),
    close: () => server.close(),
  };
}

/** Runs node22-driver.ts on suites/node22's Node (the AI SDK and Mastra require Node >= 22). */
export async function runNode22Driver(requests: readonly DriverRequest[], timeoutMs = 480_000): Promise<DriverReport[]> {
  const script = fileURLToPath(new URL('./node22-driver.ts', import.meta.url));
  // NODE_OPTIONS is jest's (--experimental-vm-modules); the driver needs none.
  const child = spawn(node22Path(), ['--no-warnings', script, JSON.stringify(requests)], {
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`node22-driver exited with ${code}: ${stderr.slice(-2000)}`);
  return JSON.parse(stdout) as DriverReport[];
}
