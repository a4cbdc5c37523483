/**
 * The console's one way to the API: a GraphQL POST to `/graphql` with the staff bearer token.
 * No DOM globals here (fetch and the token store are given), so the node tests use it as it is.
 */
export interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; status?: number; details?: unknown };
}

export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP-like status: 401 sends the user to the login page, 403 shows "not allowed". */
    readonly status: number,
    readonly code?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
}

/** A token store in memory (tests), or over the browser's localStorage (see browserTokenStore). */
export function memoryTokenStore(initial: string | null = null): TokenStore {
  let token = initial;
  return { get: () => token, set: (next) => void (token = next) };
}

export interface GraphQLClientOptions {
  /** The platform's base URL; '' for the same origin. */
  baseUrl?: string;
  tokens: TokenStore;
  fetch?: typeof fetch;
}

export type GraphQLClient = (<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => Promise<T>) & {
  /** A POST of a file to one of the API's REST paths (a CSV upload), answering its JSON; errors as ApiError with the API's code and details. */
  upload<T>(path: string, body: Blob, contentType: string): Promise<T>;
};

export function createGraphQLClient({ baseUrl = '', tokens, fetch: doFetch = fetch }: GraphQLClientOptions): GraphQLClient {
  const authorised = (headers: Record<string, string>) => {
    const token = tokens.get();
    return token ? { ...headers, authorization: `Bearer ${token}` } : headers;
  };
  const upload = async <T,>(path: string, body: Blob, contentType: string): Promise<T> => {
    const response = await doFetch(`${baseUrl}${path}`, { method: 'POST', headers: authorised({ 'content-type': contentType }), body });
    const answer = (await response.json().catch(() => null)) as (T & { code?: string; message?: string; details?: unknown }) | null;
    if (!response.ok) throw new ApiError(answer?.message ?? `${response.status} ${response.statusText}`, response.status, answer?.code, answer?.details);
    return answer as T;
  };
  const query = async <T,>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const response = await doFetch(`${baseUrl}/graphql`, { method: 'POST', headers: authorised({ 'content-type': 'application/json' }), body: JSON.stringify({ query, variables }) });
    let body: { data?: T; errors?: GraphQLErrorBody[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new ApiError(`${response.status} ${response.statusText}`, response.status);
    }
    if (body.errors?.length) {
      const [first] = body.errors;
      const status = first.extensions?.status ?? (response.status >= 400 ? response.status : 400);
      throw new ApiError(first.message, status, first.extensions?.code, first.extensions?.details);
    }
    if (!response.ok || !body.data) throw new ApiError(`${response.status} ${response.statusText}`, response.status);
    return body.data;
  };
  return Object.assign(query, { upload });
}
