/** Reading /metrics in tests. */

/**
 * The sample lines of metric `name` on `baseUrl`/metrics, e.g.
 * `mcp_sessions_active{service="session-management"} 3`. Throws unless /metrics answers 200.
 */
export async function metricSamples(baseUrl: string, name: string, headers: Record<string, string> = {}): Promise<string[]> {
  const response = await fetch(`${baseUrl}/metrics`, { headers });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}: ${body.slice(0, 200)}`);
  return body.split('\n').filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`));
}
