import { Inject, Injectable } from '@nestjs/common';
import { type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { type RequestContext, type Role, unauthorized } from '@loyalty/shared';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export interface AuthOptions {
  jwtSecret: string;
  jwtTtlSeconds: number;
}

interface StaffClaims extends JWTPayload {
  tid: string | null;
  mid: string | null;
  sid: string | null;
  role: Role;
}

const ISSUER = 'loyalty-platform';

/** Staff login tokens: HS256 JWTs carrying the tenant scope, so a request needs no lookup. */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {
    this.key = new TextEncoder().encode(options.jwtSecret);
  }

  async issue(staff: { id: string; tenantId?: string | null; merchantId?: string | null; storeId?: string | null; role: Role }) {
    const claims: StaffClaims = { tid: staff.tenantId ?? null, mid: staff.merchantId ?? null, sid: staff.storeId ?? null, role: staff.role };
    const expiresAt = new Date(Date.now() + this.options.jwtTtlSeconds * 1000);
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(staff.id)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The context of a request's `Authorization: Bearer <token>` header (401 without a valid one). */
  async verifyBearer(authorization: string | undefined, correlationId: string): Promise<RequestContext> {
    const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1] ?? '';
    try {
      const { payload } = await jwtVerify<StaffClaims>(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      return {
        tenantId: payload.tid,
        merchantId: payload.mid,
        storeId: payload.sid,
        actorId: payload.sub!,
        roles: [payload.role],
        correlationId,
      };
    } catch {
      throw unauthorized('Invalid or expired token');
    }
  }
}
