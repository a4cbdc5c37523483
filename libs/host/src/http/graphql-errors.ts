import { Logger } from '@nestjs/common';
import { type ExecutionResult, GraphQLError } from 'graphql';
import { DomainError } from '@loyalty/shared';
import { toErrorResponse } from './error-mapping';

const logger = new Logger('GraphQL');

/** Mercurius reports query validation failures as one error carrying the GraphQL errors inside. */
function unwrap(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.flatMap((error) => {
    const inner = (error.originalError as { errors?: unknown })?.errors;
    return Array.isArray(inner) && inner.every((e) => e instanceof GraphQLError) && inner.length > 0 ? inner : [error];
  });
}

/**
 * Every GraphQL error carries `extensions.code` (and `details`), the same codes as REST. The HTTP
 * status is the first error's: 4xx for client mistakes, 500 only for bugs.
 */
export function formatGraphQLError(execution: ExecutionResult & Required<Pick<ExecutionResult, 'errors'>>) {
  let statusCode = 200;
  const errors = unwrap(execution.errors).map((error) => {
    const original = error.originalError ?? error;
    let status: number;
    let code: string;
    let details: unknown;
    let message = error.message;
    if (original instanceof DomainError || !(original instanceof GraphQLError)) {
      // A use case's error, or something unexpected thrown by a resolver.
      const mapped = toErrorResponse(original);
      ({ status, body: { code, details } } = mapped);
      if (mapped.unexpected) {
        logger.error({ err: original, path: error.path }, 'unexpected GraphQL error');
        message = mapped.body.message;
      }
    } else {
      // GraphQL's own: syntax, unknown fields, bad variables, scalar parsing.
      status = 400;
      code = (error.extensions?.code as string) ?? (original.extensions?.code as string) ?? 'GRAPHQL_VALIDATION_FAILED';
    }
    if (statusCode === 200) statusCode = status;
    return { message, locations: error.locations, path: error.path, extensions: { code, ...(details !== undefined && { details }) } };
  });
  return { statusCode, response: { data: execution.data ?? null, errors } };
}
