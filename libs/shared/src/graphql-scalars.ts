import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const invalid = (message: string) => new GraphQLError(message, { extensions: { code: 'VALIDATION_FAILED' } });

/** A scalar that checks every value the same way, in variables, literals and results. */
function checkedScalar<T>(options: { name: string; description: string; literalKind: Kind; check: (value: unknown) => T }) {
  return new GraphQLScalarType({
    name: options.name,
    description: options.description,
    serialize: options.check,
    parseValue: options.check,
    parseLiteral(ast) {
      if (ast.kind !== options.literalKind || !('value' in ast)) throw invalid(`${options.name} literal of the wrong kind`);
      return options.check(ast.value);
    },
  });
}

/** Points and 分 exceed GraphQL's 32-bit Int; this scalar carries any exact JavaScript integer. */
export const GraphQLSafeInt = checkedScalar({
  name: 'SafeInt',
  description: 'An integer up to 2^53-1: points, or money in 分 (fen)',
  literalKind: Kind.INT,
  check: (value) => {
    const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw invalid('SafeInt must be an integer between -(2^53-1) and 2^53-1');
    return n;
  },
});

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Id arguments: checked at the edge, so a malformed id is a 400, never a database error. */
export const GraphQLUUID = checkedScalar({
  name: 'UUID',
  description: 'A UUID, e.g. 01a201ea-c7a4-7183-ad8c-0a4e46a5feb6',
  literalKind: Kind.STRING,
  check: (value) => {
    if (typeof value !== 'string' || !UUID_PATTERN.test(value)) throw invalid('UUID must be a UUID string such as 01a201ea-c7a4-7183-ad8c-0a4e46a5feb6');
    return value.toLowerCase();
  },
});

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function literalValue(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((field) => [field.name.value, literalValue(field.value)]));
    case Kind.LIST:
      return ast.values.map(literalValue);
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.STRING:
    case Kind.ENUM:
      return ast.value;
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.NULL:
      return null;
    default:
      throw invalid('JSONObject literals take no variables');
  }
}

/** Free-form settings (a plugin's, checked against its own JSON schema by the use case). */
export const GraphQLJSONObject = new GraphQLScalarType({
  name: 'JSONObject',
  description: 'A JSON object',
  serialize: (value) => value,
  parseValue: (value) => {
    if (!isPlainObject(value)) throw invalid('JSONObject must be a JSON object');
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.OBJECT) throw invalid('JSONObject must be a JSON object');
    return literalValue(ast);
  },
});
