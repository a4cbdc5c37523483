import { Logger } from '@nestjs/common';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { DomainError } from '@loyalty/shared';
import { toErrorResponse } from './error-mapping';

const logger = new Logger('GraphQL');

/**
 * Every GraphQL error carries `extensions.code` (and `details`), the same codes as REST. The HTTP
 * status is the first error's: 4xx for client mistakes, 500 only for bugs.
 */
export function formatGraphQLError(execution: ExecutionResult & Required<Pick<ExecutionResult, 'errors'>>) {
  let statusCode = 200;
  const errors = execution.errors.map((error: GraphQLError) => {
    const original = error.originalError ?? error;
    // Errors raised by GraphQL itself (parse, validation, bad variables) are the client's.
    const isGraphQLOwn = !error.originalError || (original as GraphQLError).extensions?.code === 'VALIDATION_FAILED';
    const mapped = original instanceof DomainError || !isGraphQLOwn ? toErrorResponse(original) : undefined;
    const status = mapped?.status ?? 400;
    const code = mapped?.body.code ?? (error.extensions?.code as string) ?? 'GRAPHQL_VALIDATION_FAILED';
    if (mapped?.unexpected) logger.error({ err: original, path: error.path }, 'unexpected GraphQL error');
    if (statusCode === 200) statusCode = status;
    return {
      message: mapped?.unexpected ? mapped.body.message : error.message,
      locations: error.locations,
      path: error.path,
      extensions: { code, ...(mapped?.body.details !== undefined && { details: mapped.body.details }) },
    };
  });
  return { statusCode, response: { data: execution.data ?? null, errors } };
}
