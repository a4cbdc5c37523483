import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function toSafeInt(value: unknown): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new GraphQLError('SafeInt must be an integer between -(2^53-1) and 2^53-1', { extensions: { code: 'VALIDATION_FAILED' } });
  }
  return n;
}

/** Points and 分 exceed GraphQL's 32-bit Int; this scalar carries any exact JavaScript integer. */
export const GraphQLSafeInt = new GraphQLScalarType({
  name: 'SafeInt',
  description: 'An integer up to 2^53-1: points, or money in 分 (fen)',
  serialize: toSafeInt,
  parseValue: toSafeInt,
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new GraphQLError('SafeInt must be an integer literal', { extensions: { code: 'VALIDATION_FAILED' } });
    return toSafeInt(ast.value);
  },
});

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toUuid(value: unknown): string {
  if (typeof value !== 'string' || !UUID_PATTERN.test(value)) {
    throw new GraphQLError('UUID must be a UUID string such as 01a201ea-c7a4-7183-ad8c-0a4e46a5feb6', { extensions: { code: 'VALIDATION_FAILED' } });
  }
  return value.toLowerCase();
}

/** Id arguments: checked at the edge, so a malformed id is a 400, never a database error. */
export const GraphQLUUID = new GraphQLScalarType({
  name: 'UUID',
  description: 'A UUID, e.g. 01a201ea-c7a4-7183-ad8c-0a4e46a5feb6',
  serialize: toUuid,
  parseValue: toUuid,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('UUID must be a string', { extensions: { code: 'VALIDATION_FAILED' } });
    return toUuid(ast.value);
  },
});
