import { Injectable } from '@nestjs/common';
import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import type { MemberProfileLoader, PluginScope } from '@loyalty/plugin-sdk';

@ObjectType('FuelVisit')
export class FuelVisitGql {
  @Field() note!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

/** Members' visits at the merchant, newest first, for many members at once. */
@Injectable()
export class FuelVisitsLoader implements MemberProfileLoader<FuelVisitGql[]> {
  async load(scope: PluginScope, memberIds: readonly string[]): Promise<Map<string, FuelVisitGql[]>> {
    const rows = await scope.query<{ memberId: string; note: string; createdAt: Date }>(
      'select member_id as "memberId", note, created_at as "createdAt" from fuel_visit where member_id = any(?::uuid[]) order by created_at desc',
      [`{${memberIds.join(',')}}`],
    );
    const visits = new Map<string, FuelVisitGql[]>(memberIds.map((id) => [id, []]));
    for (const row of rows) visits.get(row.memberId)!.push({ note: row.note, createdAt: new Date(row.createdAt) });
    return visits;
  }
}
