import type { IncomingHttpHeaders } from 'node:http';

/**
 * Decides from an upload's headers, before its body (up to the host's upload limit) is read,
 * whether it is taken at all. The host asks the one a module provides for every POST to its upload
 * routes; the route's guard and use case still check everything themselves.
 */
export abstract class UploadAdmission {
  /** Resolves to admit the upload; throws a DomainError (401, 403, 409…) to refuse it. */
  abstract admit(request: { headers: IncomingHttpHeaders; id: string }): Promise<void>;
}
