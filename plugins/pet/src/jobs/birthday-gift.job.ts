import { Injectable } from '@nestjs/common';
import { DomainError, localDateOf, type PluginJob, type PluginScope } from '@loyalty/plugin-sdk';
import { ageOn, birthdayIn, birthdayMonthDaysWithin } from '../domain/pet-dates';
import type { PetSettings } from '../domain/pet-settings';
import { PET_BIRTHDAY_V1, type PetBirthdayV1 } from '../pet-events.v1';

/** Birthdays of the last this many days get their gift: one missed while the platform was down is still given. */
const CATCH_UP_DAYS = 3;

/**
 * 宠物生日礼 (hourly, per pet store merchant): on a pet's birthday in the merchant's calendar, once
 * per pet and year, the settings' coupon (if any) to its member and `pet.birthday.v1` for the
 * greeting. A coupon the template refuses (its limits, its end) is recorded with the code; the
 * greeting still goes.
 */
@Injectable()
export class BirthdayGiftJob implements PluginJob {
  async run(scope: PluginScope<PetSettings>, asOf: Date): Promise<void> {
    const today = localDateOf(asOf, await scope.timeZone());
    const year = Number(today.slice(0, 4));
    const pets = await scope.query<{ id: string; memberId: string; name: string; birthday: string }>(
      `select p.id, p.member_id as "memberId", p.name, p.birthday::text as birthday from pet_pet p
       where p.archived_at is null and p.birthday is not null and p.birthday < ?::date and to_char(p.birthday, 'MM-DD') = any(?::text[])
         and not exists (select 1 from pet_birthday_gift g where g.pet_id = p.id and g.year = ?)`,
      [today, `{${birthdayMonthDaysWithin(today, CATCH_UP_DAYS).join(',')}}`, year],
    );
    const templateId = scope.settings.birthdayCouponTemplateId;
    for (const pet of pets) {
      const birthdayOn = birthdayIn(pet.birthday, year);
      if (birthdayOn > today) continue; // 29 February's pets on the 28th of a leap year: tomorrow
      const claimed = await scope.query(
        `insert into pet_birthday_gift (pet_id, year, tenant_id, merchant_id, member_id, birthday_on) values (?, ?, ?, ?, ?, ?::date)
         on conflict do nothing returning pet_id`,
        [pet.id, year, scope.tenantId, scope.merchantId, pet.memberId, birthdayOn],
      );
      if (claimed.length === 0) continue;
      const couponId = templateId ? await this.giveCoupon(scope, templateId, pet, year) : null;
      await scope.publish(PET_BIRTHDAY_V1, pet.memberId, {
        merchantId: scope.merchantId,
        memberId: pet.memberId,
        petId: pet.id,
        petName: pet.name,
        birthdayOn,
        age: ageOn(pet.birthday, birthdayOn),
        couponId,
        couponTemplateId: couponId ? templateId : null,
      } satisfies PetBirthdayV1);
    }
  }

  /** The birthday coupon, or null when the template refuses it (the code is kept with the gift). */
  private async giveCoupon(scope: PluginScope<unknown>, templateId: string, pet: { id: string; memberId: string; name: string }, year: number): Promise<string | null> {
    try {
      const coupon = await scope.issueCoupon({ templateId, memberId: pet.memberId, reason: `宠物生日礼 ${pet.name}` });
      await scope.query('update pet_birthday_gift set coupon_id = ? where pet_id = ? and year = ?', [coupon.id, pet.id, year]);
      return coupon.id;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await scope.query('update pet_birthday_gift set refused_code = ? where pet_id = ? and year = ?', [error.code, pet.id, year]);
      return null;
    }
  }
}
