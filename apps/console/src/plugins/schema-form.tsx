import { ArrayInput, BooleanInput, NumberInput, SelectArrayInput, SelectInput, SimpleFormIterator, TextArrayInput, TextInput, useLocaleState, useTranslate } from 'react-admin';
import { Box, Typography } from '@mui/material';
import { type JsonSchema, mapValues, type SchemaLabels, typeOf } from './schema-values';

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

function Field({ schema, source, labelPath, name, labels, inline }: { schema: JsonSchema; source: string; labelPath: string; name: string; labels: SchemaLabels; inline?: boolean }) {
  const [locale] = useLocaleState();
  const translate = useTranslate();
  const named = (path: string) => labels[path] && (locale === 'en' ? labels[path].en : labels[path].zhCN);
  const label = named(labelPath) || schema.title || name;
  // An enum's values may be named too, at `<path>.<value>`.
  const choices = (values: unknown[]) => values.map((v) => ({ id: v as string, name: named(`${labelPath}.${String(v)}`) || String(v) }));
  const range = schema.minimum !== undefined || schema.maximum !== undefined ? translate('console.schema.range', { min: schema.minimum ?? '…', max: schema.maximum ?? '…' }) : '';
  const helperText = [schema.description, range].filter(Boolean).join(' · ') || false;
  const common = { source, label, helperText, fullWidth: !inline, sx: inline ? { minWidth: 160 } : undefined };
  const type = typeOf(schema);
  const map = mapValues(schema);
  if (schema.enum) return <SelectInput {...common} choices={choices(schema.enum)} />;
  if (map || (type === 'array' && schema.items?.properties)) {
    return (
      <ArrayInput source={source} label={label} helperText={helperText}>
        <SimpleFormIterator inline disableReordering>
          {map && <TextInput source="key" label={translate('console.schema.key')} sx={{ minWidth: 140 }} />}
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
      <SelectArrayInput {...common} choices={choices(schema.items.enum)} />
    ) : (
      <TextArrayInput {...common} />
    );
  }
  if (type === 'boolean') return <BooleanInput {...common} />;
  // The range is said in the helper text, not set on the input: the browser's own check would stop the save in its language, before the server's.
  if (type === 'integer' || type === 'number') return <NumberInput {...common} step={type === 'integer' ? 1 : 'any'} />;
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
    <Field key={name} schema={child} source={join(source, name)} labelPath={join(labelPath, name)} name={name} labels={labels} inline={inline} />
  ));
  return inline ? <>{inputs}</> : <Box width="100%" maxWidth={960}>{inputs}</Box>;
}
