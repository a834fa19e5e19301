/** zod problems as text: `path.to.field: message`, joined with "; " (configuration, files, tool arguments). */

interface Issue {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * `issues` as one line. `root` names an issue at the top level (empty path); `max` keeps the first
 * few (a tool's arguments can carry thousands).
 *
 * @example formatIssues(parsed.error.issues) // "PORT: Too big: expected number to be <=65535; HOST: Required"
 */
export function formatIssues(issues: readonly Issue[], { root = '', max = Infinity }: { root?: string; max?: number } = {}): string {
  return issueLines(issues.slice(0, max), root).join('; ');
}

/** One `path: message` per issue. */
export function issueLines(issues: readonly Issue[], root = ''): string[] {
  return issues.map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : root}: ${issue.message}`);
}
