/**
 * The platform's published contracts a plugin may use, re-exported so that a plugin imports the SDK
 * alone: the request context and its roles, errors with stable codes, the GraphQL scalars and the
 * staff's request context decorator, and the integration events with their payloads.
 */
export {
  type RequestContext,
  type Role,
  DomainError,
  badRequest,
  notFound,
  conflict,
  unprocessable,
  forbidden,
  parseInput,
  GraphQLUUID,
  GraphQLSafeInt,
  GraphQLJSONObject,
} from '@loyalty/shared';
export { Ctx } from '@loyalty/tenancy';
export {
  MEMBER_REGISTERED_V1,
  MEMBER_PROFILE_UPDATED_V1,
  POINTS_EARNED_V1,
  POINTS_REDEEMED_V1,
  POINTS_REVERSED_V1,
  POINTS_EXPIRED_V1,
  type MemberRegisteredV1,
  type MemberProfileUpdatedV1,
  type PointsEarnedV1,
  type PointsRedeemedV1,
  type PointsReversedV1,
  type PointsExpiredV1,
} from '@loyalty/events';
export { z } from 'zod';
