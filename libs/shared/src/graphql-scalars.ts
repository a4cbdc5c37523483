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
