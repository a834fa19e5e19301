/**
 * The portable input-schema dialect of issue #15, as a checker: what the function-calling subsets
 * of OpenAI (strict), Gemini and the agent frameworks' converters all accept. Keywords are those of
 * Gemini's function-declaration Schema (an OpenAPI 3.0 subset) plus `additionalProperties`;
 * every node has one `type`; an object either lists its properties and is closed
 * (`additionalProperties: false`) or is a record with a typed `additionalProperties`.
 */

const ALLOWED = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'default',
  'example',
  'properties',
  'required',
  'additionalProperties',
  'minProperties',
  'maxProperties',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'anyOf',
]);

/** Every place `schema` leaves the dialect, as `<path>: <problem>`; empty when it is portable. */
export function dialectProblems(schema: unknown, path = '#'): string[] {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return [`${path}: not a schema object`];
  const node = schema as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(node)) {
    if (key === '$schema' && path === '#') continue;
    if (!ALLOWED.has(key)) problems.push(`${path}: keyword ${key}`);
  }
  if (Array.isArray(node.anyOf)) {
    node.anyOf.forEach((branch, i) => problems.push(...dialectProblems(branch, `${path}/anyOf/${i}`)));
    return problems;
  }
  if (Array.isArray(node.type)) problems.push(`${path}: type array ${JSON.stringify(node.type)}`);
  else if (typeof node.type !== 'string') problems.push(`${path}: untyped node`);
  if (node.type === 'object') {
    const properties = node.properties as Record<string, unknown> | undefined;
    const additional = node.additionalProperties;
    if (properties && Object.keys(properties).length > 0) {
      if (additional !== false)
        problems.push(`${path}: object with properties is not closed (additionalProperties: ${JSON.stringify(additional)})`);
      for (const [name, child] of Object.entries(properties)) problems.push(...dialectProblems(child, `${path}/properties/${name}`));
    } else if (additional === undefined || additional === true) {
      problems.push(`${path}: object with neither properties nor a typed additionalProperties`);
    }
    if (additional !== undefined && typeof additional === 'object')
      problems.push(...dialectProblems(additional, `${path}/additionalProperties`));
  }
  if (node.type === 'array') problems.push(...dialectProblems(node.items, `${path}/items`));
  return problems;
}
