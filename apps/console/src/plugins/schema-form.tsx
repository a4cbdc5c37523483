import { ArrayInput, BooleanInput, NumberInput, SelectArrayInput, SelectInput, SimpleFormIterator, TextArrayInput, TextInput, useLocaleState, useTranslate } from 'react-admin';
import { Box, Typography } from '@mui/material';

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

const typeOf = (schema: JsonSchema): string | undefined => (Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type);
/** An object whose keys are data (`levels: { GOLD: {…} }`): edited as a list of key and value. */
const mapValues = (schema: JsonSchema): JsonSchema | null =>
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

/** ajv's English messages in the console's language (the common ones; others as they come). */
export function useSchemaMessage(): (message: string) => string {
  const translate = useTranslate();
  return (message) => {
    const bound = /^must be ([<>]=?) (-?[\d.]+)$/.exec(message);
    if (bound) return translate(`console.schema.${bound[1].startsWith('<') ? 'max' : 'min'}`, { n: bound[2] });
    const known = ['must match pattern', 'must be integer', 'must be equal to one of the allowed values', 'must NOT have more than', 'must NOT have fewer than', 'must NOT have duplicate items'];
    const index = known.findIndex((start) => message.startsWith(start));
    return index === -1 ? message : translate(`console.schema.rule${index}`, { _: message });
  };
}

function Field({ schema, source, labelPath, name, labels }: { schema: JsonSchema; source: string; labelPath: string; name: string; labels: SchemaLabels }) {
  const [locale] = useLocaleState();
  const translate = useTranslate();
  const named = labels[labelPath];
  const label = (named && (locale === 'en' ? named.en : named.zhCN)) || schema.title || name;
  const range = schema.minimum !== undefined || schema.maximum !== undefined ? translate('console.schema.range', { min: schema.minimum ?? '…', max: schema.maximum ?? '…' }) : '';
  const helperText = [schema.description, range].filter(Boolean).join(' · ') || false;
  const common = { source, label, helperText, fullWidth: true, 'data-testid': `setting-${labelPath}` };
  const type = typeOf(schema);
  const map = mapValues(schema);
  if (schema.enum) return <SelectInput {...common} choices={schema.enum.map((v) => ({ id: v as string, name: String(v) }))} />;
  if (map || (type === 'array' && schema.items?.properties)) {
    return (
      <ArrayInput source={source} label={label} helperText={helperText}>
        <SimpleFormIterator inline disableReordering>
          {map && <TextInput source="key" label={translate('console.schema.key')} />}
          <SchemaInputs schema={map ?? schema.items!} source={map ? 'value' : ''} labelPath={`${labelPath}.*`} labels={labels} inline />
        </SimpleFormIterator>
      </ArrayInput>
    );
  }
  if (schema.properties) {
    return (
      <Box mb={1} width="100%">
        <Typography variant="subtitle2">{label}</Typography>
        <SchemaInputs schema={schema} source={source} labelPath={labelPath} labels={labels} />
      </Box>
    );
  }
  if (type === 'array') {
    return schema.items?.enum ? (
      <SelectArrayInput {...common} choices={schema.items.enum.map((v) => ({ id: v as string, name: String(v) }))} />
    ) : (
      <TextArrayInput {...common} />
    );
  }
  if (type === 'boolean') return <BooleanInput {...common} />;
  if (type === 'integer' || type === 'number') return <NumberInput {...common} min={schema.minimum} max={schema.maximum} step={type === 'integer' ? 1 : 'any'} />;
  return <TextInput {...common} />;
}

/**
 * The inputs of a settings object, generated from its JSON schema: objects as groups, maps and
 * arrays of objects as lists of rows, enums as selects, numbers with their range, booleans,
 * strings. Nothing is validated here: the server checks the schema and its errors land on the fields.
 */
export function SchemaInputs({ schema, source, labelPath = '', labels, inline }: { schema: JsonSchema; source: string; labelPath?: string; labels: SchemaLabels; inline?: boolean }) {
  const join = (a: string, b: string) => (a ? `${a}.${b}` : b);
  const inputs = Object.entries(schema.properties ?? {}).map(([name, child]) => (
    <Field key={name} schema={child} source={join(source, name)} labelPath={join(labelPath, name)} name={name} labels={labels} />
  ));
  return inline ? <>{inputs}</> : <Box width="100%" maxWidth={640}>{inputs}</Box>;
}
