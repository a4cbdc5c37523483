import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type PluginScope, type PosWriteEndpoint, z } from '@loyalty/plugin-sdk';

export const visitInput = z.object({ phone: z.string(), note: z.string().trim().min(1).max(500) });

/** POST /api/pos/v1/plugins/fuel/visits: a visit of a member, once per Idempotency-Key. */
@Injectable()
export class FuelVisitsEndpoint implements PosWriteEndpoint<z.infer<typeof visitInput>, { visitId: string }> {
  async apply(scope: PluginScope, input: z.infer<typeof visitInput>) {
    const member = await scope.findMember({ phone: input.phone });
    const visitId = randomUUID();
    await scope.query('insert into fuel_visit (id, tenant_id, merchant_id, member_id, note) values (?, ?, ?, ?, ?)', [
      visitId,
      scope.tenantId,
      scope.merchantId,
      member.id,
      input.note,
    ]);
    return { status: 201 as const, body: { visitId } };
  }
}
