/**
 * Every service through the MCP clients agent frameworks are built on. The nine services run
 * in-process on port 0 (one each for the whole file); each framework runs each service's chain of
 * calls (src/cases.ts, the e2e inputs) and the suite checks, per tool:
 *
 * - the MCP result itself: the first text block is the structured result as JSON;
 * - the text LangChain (ToolMessage), OpenAI Agents (function tool output), the AI SDK
 *   (toModelOutput) and Mastra (toModelOutput) hand their model holds the result's data, with the
 *   values worked out by hand in src/expected.ts;
 * - OpenAI Agents converts every input schema to strict mode; the listed and AI SDK schemas keep
 *   to the portable dialect (src/dialect.ts); Mastra converts every schema;
 * - LangChain's client-side validation accepts every input the e2e suite sends;
 * - an unknown argument is refused, naming it and the accepted ones.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { connectModernClient, startTestService, TEST_KEYS, TOOL_CATALOGUE, type ConnectedClient, type ServiceName } from '@a2a-mcp/testkit';
import { CASES, MORE_INPUTS, type ToolCase } from '../src/cases.ts';
import { dataSeen, runChain, type CallRecord } from '../src/chain.ts';
import { dialectProblems } from '../src/dialect.ts';
import { openLangChain, openOpenAIAgents, runNode22Driver, type LangChainView, type OpenAIAgentsView } from '../src/drivers.ts';
import { expected } from '../src/expected.ts';
import type { DriverReport } from '../src/node22-driver.ts';
import { SERVICES } from '../src/services.ts';

/** A write key: what an agent holds (the stateful tools need write; no tool needs admin). Client id "writer". */
const HEADERS = { 'X-API-Key': TEST_KEYS.write };
/**
 * The AI SDK and Mastra run alongside LangChain and OpenAI Agents, with another key (client id
 * "operator"): each key has its own mailbox, so the transport chains do not see each other's messages.
 */
const NODE22_HEADERS = { 'X-API-Key': TEST_KEYS.admin };
const CLIENT = { writer: 'writer', node22: 'operator' } as const;
/** The argument no tool takes. */
const UNKNOWN = 'interop_unknown_arg';

const NAMES = Object.keys(TOOL_CATALOGUE) as ServiceName[];

interface ServiceUnderTest {
  service: RunningService;
  sdk: ConnectedClient;
  /** Input schemas as tools/list gives them. */
  schemas: Map<string, { properties?: Record<string, unknown> }>;
  langchain: LangChainView;
  openai: OpenAIAgentsView;
  /** The chain through the SDK client, by case label: the MCP result as the SDK returns it. */
  reference: Map<string, { text: string | undefined; structured: unknown; isError: boolean }>;
  records: Record<'langchain' | 'openai-agents', CallRecord[]>;
  node22: DriverReport;
}

const under = new Map<ServiceName, ServiceUnderTest>();

/** The arguments of case `c`, resolved from the reference chain. */
function resolvedArgs(name: ServiceName, c: ToolCase, client: string = CLIENT.writer): Record<string, unknown> {
  const prior = Object.fromEntries([...under.get(name)!.reference].map(([label, r]) => [label, r.structured as Record<string, unknown>]));
  return c.args(prior, { name: 'unknown', client });
}

beforeAll(async () => {
  // Started one after the other: nine services loading at once would only slow each other down.
  const started: Omit<ServiceUnderTest, 'langchain' | 'openai' | 'records' | 'node22'>[] = [];
  for (const name of NAMES) {
    const service = await startTestService(await SERVICES[name]());
    const sdk = await connectModernClient(service.mcpUrl, HEADERS);
    const schemas = new Map(
      (await sdk.listTools()).tools.map((tool) => [tool.name, tool.inputSchema as { properties?: Record<string, unknown> }]),
    );
    const reference: ServiceUnderTest['reference'] = new Map();
    const prior: Record<string, Record<string, unknown>> = {};
    for (const c of CASES[name]!) {
      const result = await sdk.callTool(c.tool, c.args(prior, { name: 'sdk', client: CLIENT.writer }));
      const structured = result.structuredContent;
      if (structured) prior[c.label] = structured;
      const first = result.content[0] as { type: string; text?: string } | undefined;
      reference.set(c.label, { text: first?.type === 'text' ? first.text : undefined, structured, isError: result.isError === true });
    }
    started.push({ service, sdk, schemas, reference });
  }
  // The Node 22 clients in one child process, while LangChain and OpenAI Agents run here.
  const node22 = runNode22Driver(
    NAMES.map((name, i) => {
      const first = CASES[name]![0]!;
      const args = {
        ...first.args(
          Object.fromEntries([...started[i]!.reference].map(([label, r]) => [label, r.structured as Record<string, unknown>])),
          { name: 'unknown', client: CLIENT.node22 },
        ),
        [UNKNOWN]: 1,
      };
      return {
        service: name,
        url: started[i]!.service.mcpUrl,
        headers: NODE22_HEADERS,
        client: CLIENT.node22,
        unknown: { tool: first.tool, args },
      };
    }),
  );
  // Registered before the chains run, so a failing child is not an unhandled rejection meanwhile.
  node22.catch(() => undefined);
  for (const [i, name] of NAMES.entries()) {
    const s = started[i]!;
    const langchain = await openLangChain(s.service.mcpUrl, HEADERS);
    const openai = await openOpenAIAgents(s.service.mcpUrl, HEADERS);
    const records = {
      langchain: await runChain(CASES[name]!, { name: 'langchain', client: CLIENT.writer }, langchain.call),
      'openai-agents': await runChain(CASES[name]!, { name: 'openai-agents', client: CLIENT.writer }, openai.call),
    };
    under.set(name, { ...s, langchain, openai, records, node22: undefined as unknown as DriverReport });
  }
  const reports = await node22;
  for (const [i, name] of NAMES.entries()) under.get(name)!.node22 = reports[i]!;
}, 600_000);

afterAll(async () => {
  for (const u of under.values()) {
    await Promise.allSettled([u.langchain.close(), u.openai.close(), u.sdk.close()]);
    await u.service.close();
  }
});

it('the cases call every tool of the 51', () => {
  for (const name of NAMES) expect([...new Set(CASES[name]!.map((c) => c.tool))].sort()).toEqual([...TOOL_CATALOGUE[name]].sort());
  expect(NAMES.flatMap((name) => TOOL_CATALOGUE[name])).toHaveLength(51);
});

describe.each(NAMES)('%s', (name) => {
  const cases = CASES[name]!;
  const labels = cases.map((c) => c.label);
  const tools = [...TOOL_CATALOGUE[name]];
  const u = () => under.get(name)!;

  it('every client lists every tool', () => {
    expect([...u().schemas.keys()].sort()).toEqual([...tools].sort());
    expect(
      u()
        .langchain.tools.map((t) => t.name)
        .sort(),
    ).toEqual([...tools].sort());
    expect(
      u()
        .openai.mcpTools.map((t) => t.name)
        .sort(),
    ).toEqual([...tools].sort());
    expect(Object.keys(u().node22['ai-sdk'].schemas).sort()).toEqual([...tools].sort());
    expect(Object.keys(u().node22.mastra.schemas).sort()).toEqual([...tools].sort());
  });

  describe('the MCP result', () => {
    it.each(labels)('%s: the structured result has the hand-computed values', (label) => {
      const ref = u().reference.get(label)!;
      expect(ref.isError).toBe(false);
      expect(ref.structured).toMatchObject(expected(label, CLIENT.writer));
    });

    it.each(labels)('%s: the first text block is the structured result as JSON', (label) => {
      const ref = u().reference.get(label)!;
      expect(JSON.parse(ref.text ?? 'null')).toEqual(ref.structured);
    });
  });

  describe('what each framework hands its model holds the data', () => {
    const frameworks = ['langchain', 'openai-agents', 'ai-sdk', 'mastra'] as const;
    const records = (framework: (typeof frameworks)[number]): CallRecord[] =>
      framework === 'langchain' || framework === 'openai-agents' ? u().records[framework] : u().node22[framework].records;
    describe.each(frameworks)('%s', (framework) => {
      const client = framework === 'ai-sdk' || framework === 'mastra' ? CLIENT.node22 : CLIENT.writer;
      it.each(labels)('%s', (label) => {
        const record = records(framework).find((r) => r.label === label)!;
        expect({ error: record.error, data: dataSeen(record.segments) ?? record.segments }).toMatchObject({
          error: undefined,
          data: expected(label, client),
        });
      });
    });
  });

  describe('input schemas', () => {
    it.each(tools)('%s: OpenAI Agents converts it to strict mode', (tool) => {
      expect(u().openai.functionTool(tool, true).strict).toBe(true);
    });

    it.each(tools)('%s: the listed schema and the AI SDK one keep to the portable dialect', (tool) => {
      expect(dialectProblems(u().schemas.get(tool))).toEqual([]);
      expect(u().node22['ai-sdk'].schemas[tool]).toEqual(u().schemas.get(tool));
    });

    it('Mastra converts every schema', () => {
      for (const tool of tools) expect(u().node22.mastra.schemas[tool]).toMatchObject({ type: 'object' });
    });

    it('LangChain accepts every input the e2e cases send', async () => {
      const refused = (segments: string[]) => segments.join('\n').includes('did not match expected schema');
      const chain = u()
        .records.langchain.filter((r) => refused(r.segments))
        .map((r) => r.label);
      const more: string[] = [];
      for (const input of MORE_INPUTS[name] ?? []) {
        if (refused(await u().langchain.call(input.tool, input.args))) more.push(`${input.tool} ${JSON.stringify(input.args)}`);
      }
      expect({ chain, more }).toEqual({ chain: [], more: [] });
    });
  });

  describe('an unknown argument', () => {
    it.each(cases.filter((c, i) => cases.findIndex((d) => d.tool === c.tool) === i).map((c) => [c.tool, c] as const))(
      '%s: refused, naming it and the accepted arguments',
      async (_tool, c) => {
        const result = await u().sdk.callTool(c.tool, { ...resolvedArgs(name, c), [UNKNOWN]: 1 });
        const text = (result.content as { text?: string }[]).map((part) => part.text ?? '').join('\n');
        expect({
          isError: result.isError,
          code: (result as { _meta?: Record<string, { code?: string }> })._meta?.['a2a-mcp/error']?.code,
        }).toEqual({ isError: true, code: 'invalid_arguments' });
        expect(text).toContain(UNKNOWN);
        for (const accepted of Object.keys(u().schemas.get(c.tool)?.properties ?? {})) expect(text).toContain(accepted);
      },
    );

    it("through OpenAI Agents and the AI SDK the model reads the server's refusal; Mastra refuses it itself", async () => {
      const first = cases[0]!;
      const openai = await u().openai.call(first.tool, { ...resolvedArgs(name, first), [UNKNOWN]: 1 });
      const seen = {
        openai: openai.join('\n'),
        'ai-sdk': u().node22['ai-sdk'].unknown.segments.join('\n'),
        mastra: [...u().node22.mastra.unknown.segments, u().node22.mastra.unknown.error ?? ''].join('\n'),
      };
      // Mastra validates the model's arguments against the (closed) input schema before calling
      // the server, with its own message that does not name the key.
      expect(seen).toEqual({
        openai: expect.stringContaining(`unknown argument ${UNKNOWN}`),
        'ai-sdk': expect.stringContaining(`unknown argument ${UNKNOWN}`),
        mastra: expect.stringMatching(/Tool input validation failed for svc_\w+[^]*must NOT have additional properties/),
      });
    });
  });
});

describe('a misplaced nested argument', () => {
  it('standardize_values with input_formats at the top level: refused, pointing to options.input_formats', async () => {
    const result = await under
      .get('data-standardization')!
      .sdk.callTool('standardize_values', { kind: 'date', values: ['03/04/2025'], input_formats: ['dd/MM/yyyy'] });
    const text = (result.content as { text?: string }[]).map((part) => part.text ?? '').join('\n');
    expect(result.isError).toBe(true);
    expect(text).toContain('options.input_formats');
  });
});
