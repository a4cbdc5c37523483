/**
 * A business or input error with a stable code. Every error a client can cause is one of these;
 * anything else reaching an adapter is a bug and answered 500.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 = 422,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new DomainError(code, message, 400, details);
export const notFound = (code: string, message: string) => new DomainError(code, message, 404);
export const conflict = (code: string, message: string, details?: unknown) => new DomainError(code, message, 409, details);
export const unprocessable = (code: string, message: string, details?: unknown) => new DomainError(code, message, 422, details);
export const unauthorized = (message = 'Authentication required') => new DomainError('UNAUTHENTICATED', message, 401);
export const forbidden = (message = 'Not allowed') => new DomainError('FORBIDDEN', message, 403);

/** The JSON body of every error response: REST and GraphQL extensions share it. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}
