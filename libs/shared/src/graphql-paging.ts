import { ArgsType, Field, Int } from '@nestjs/graphql';
import { badRequest } from './errors';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 0 }) offset!: number;
  @Field(() => Int, { defaultValue: 50, description: 'At most 200' }) limit!: number;
}

export const MAX_PAGE_SIZE = 200;

/** Offset paging as react-admin asks for it; bounds are checked, not clamped. */
export function checkedPage({ offset, limit }: { offset: number; limit: number }): { offset: number; limit: number } {
  if (!Number.isInteger(offset) || offset < 0) throw badRequest('VALIDATION_FAILED', 'offset must be 0 or more');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw badRequest('VALIDATION_FAILED', `limit must be between 1 and ${MAX_PAGE_SIZE}`);
  return { offset, limit };
}
