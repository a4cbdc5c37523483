import { Injectable } from '@nestjs/common';
import type { MemberProfileLoader, PluginScope } from '@loyalty/plugin-sdk';
import type { HealthProfileGql } from '../api/pharmacy.types';

export const HEALTH_PROFILE_COLUMNS = `member_id as "memberId", chronic_conditions as "chronicConditions", allergies, notes, updated_at as "updatedAt", updated_by as "updatedBy"`;

/** A row as GraphQL's date-time takes it (SQL answers timestamps as text). */
export const healthProfile = (row: HealthProfileGql): HealthProfileGql => ({ ...row, updatedAt: new Date(row.updatedAt) });

/** Members' health profiles at this pharmacy (the member field needs the health-profile permission). */
@Injectable()
export class HealthProfileLoader implements MemberProfileLoader<HealthProfileGql> {
  async load(scope: PluginScope, memberIds: readonly string[]): Promise<Map<string, HealthProfileGql>> {
    const rows = await scope.query<HealthProfileGql & { memberId: string }>(`select ${HEALTH_PROFILE_COLUMNS} from pharmacy_health_profile where member_id = any(?::uuid[])`, [
      `{${memberIds.join(',')}}`,
    ]);
    return new Map(rows.map(({ memberId, ...profile }) => [memberId, healthProfile(profile)]));
  }
}
