/**
 * Plugin settings and the form generated from their JSON schema: the values each way, and the
 * server's problems as the form's field errors. No React here (the node tests use it as it is).
 */
/** The part of JSON schema plugin settings use; the server validates against the whole schema. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

/** Field names by schema path (`levels.*.pointsPerNight`), in the console's two languages. */
export type SchemaLabels = Record<string, { zhCN: string; en: string }>;

export const typeOf = (schema: JsonSchema): string | undefined => (Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type);
/** An object whose keys are data (`levels: { GOLD: {…} }`): edited as a list of key and value. */
export const mapValues = (schema: JsonSchema): JsonSchema | null =>
  !schema.properties && typeof schema.additionalProperties === 'object' ? schema.additionalProperties : null;
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/** Settings → the form's values: defaults where nothing is set, maps as `[{ key, value }]`. */
export function toFormValues(schema: JsonSchema, value: unknown): unknown {
  const current = value === undefined ? structuredClone(schema.default) : value;
  const map = mapValues(schema);
  if (map) return Object.entries(isObject(current) ? current : {}).map(([key, v]) => ({ key, value: toFormValues(map, v) }));
  if (schema.properties) {
    const object = isObject(current) ? current : {};
    return Object.fromEntries(Object.entries(schema.properties).map(([key, child]) => [key, toFormValues(child, object[key])]));
  }
  if (typeOf(schema) === 'array' && schema.items?.properties && Array.isArray(current)) return current.map((item) => toFormValues(schema.items!, item));
  return current;
}

/** The form's values → settings: maps back from their entries, unset fields left out (the schema's defaults apply). */
export function fromFormValues(schema: JsonSchema, value: unknown): unknown {
  const map = mapValues(schema);
  if (map) {
    const entries = (Array.isArray(value) ? value : []) as { key?: string; value?: unknown }[];
    return Object.fromEntries(entries.filter((e) => given(e?.key)).map((e) => [e.key, fromFormValues(map, e.value)]));
  }
  if (schema.properties) {
    const object = isObject(value) ? value : {};
    return Object.fromEntries(
      Object.entries(schema.properties)
        .map(([key, child]) => [key, fromFormValues(child, object[key])] as const)
        .filter(([, v]) => given(v)),
    );
  }
  if (typeOf(schema) === 'array' && schema.items?.properties && Array.isArray(value)) return value.map((item) => fromFormValues(schema.items!, item));
  return value;
}

/**
 * The server's problems with saved settings (`[{ path, message }]`, paths dotted through the
 * settings) as the form's field errors: a map's key becomes its entry's index.
 */
export function formErrors(schema: JsonSchema, values: unknown, details: { path: string; message: string }[], root: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { path, message } of details) {
    let node: JsonSchema | undefined = schema;
    let value = values;
    const out = [root];
    for (const segment of path ? path.split('.') : []) {
      const map: JsonSchema | null = node ? mapValues(node) : null;
      if (map) {
        const index = (Array.isArray(value) ? (value as { key?: string }[]) : []).findIndex((e) => e?.key === segment);
        out.push(String(index), 'value');
        value = (value as { value?: unknown }[])[index]?.value;
        node = map;
      } else if (node && typeOf(node) === 'array') {
        out.push(segment);
        value = Array.isArray(value) ? value[Number(segment)] : undefined;
        node = node.items;
      } else {
        out.push(segment);
        value = isObject(value) ? value[segment] : undefined;
        node = node?.properties?.[segment];
      }
    }
    errors[out.join('.')] ??= message;
  }
  return errors;
}

