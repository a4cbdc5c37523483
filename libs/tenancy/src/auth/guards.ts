import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { RequestContext } from '@loyalty/shared';
import { PosAuthenticator } from './pos-authenticator';
import { TokenService } from './token.service';

interface AuthedRequest {
  id: string;
  headers: Record<string, string | string[] | undefined>;
  ctx?: RequestContext;
}

function requestOf(context: ExecutionContext): AuthedRequest {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext().req;
  return context.switchToHttp().getRequest();
}

const header = (request: AuthedRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const PUBLIC = 'auth:public';
/** Marks a resolver or route that needs no login (login itself). */
export const Public = () => SetMetadata(PUBLIC, true);

/** Staff requests: `Authorization: Bearer <JWT from the login mutation>`. */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = requestOf(context);
    request.ctx = await this.tokens.verifyBearer(header(request, 'authorization'), request.id);
    return true;
  }
}

/** Cashier requests: `X-Api-Key: pos_…`, one key per store. */
@Injectable()
export class PosApiKeyGuard implements CanActivate {
  constructor(private readonly authenticator: PosAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf(context);
    request.ctx = await this.authenticator.authenticate(header(request, 'x-api-key'), request.id);
    return true;
  }
}

/** The authenticated request context, for the first argument of every use case. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const ctx = requestOf(context).ctx;
  if (!ctx) throw new Error('Ctx used on a route without an auth guard');
  return ctx;
});

/** The request id, usable as correlation id on public routes. */
export const CorrelationId = createParamDecorator((_: unknown, context: ExecutionContext): string => requestOf(context).id);
