import type { NotificationTriggerDeclaration } from '@loyalty/plugin-sdk';
import {
  PET_BIRTHDAY_V1,
  PET_FOLLOW_UP_DUE_V1,
  PET_VACCINATION_DUE_V1,
  type PetBirthdayV1,
  type PetFollowUpDueV1,
  type PetVaccinationDueV1,
} from '../pet-events.v1';

/** The local hour the pet store's reminders go out from on their day: the jobs open them at midnight, nobody is told then. */
export const PET_REMINDER_TIME = '10:00';

const ids = {
  merchantId: '00000000-0000-4000-8000-000000000001',
  memberId: '00000000-0000-4000-8000-000000000002',
  petId: '00000000-0000-4000-8000-000000000003',
};

/** 回访提醒 to the merchant's staff (its staff e-mail), from `pet.follow-up-due.v1`: whom to call about which pet, and why. */
export const followUpNotification: NotificationTriggerDeclaration<PetFollowUpDueV1> = {
  trigger: 'pet_follow_up',
  event: PET_FOLLOW_UP_DUE_V1,
  audience: 'staff',
  subject: '宠物回访提醒',
  variables: ['petName', 'memberName', 'memberPhone', 'note', 'dueOn', 'storeName'],
  example: {
    ...ids,
    taskId: '00000000-0000-4000-8000-000000000004',
    storeId: '00000000-0000-4000-8000-000000000005',
    storeName: '萌宠之家 万达店',
    memberName: '张三',
    memberPhone: '13800138000',
    petName: '豆豆',
    dueOn: '2026-04-02',
    note: '眼药膏用后回访',
  },
  occasion: (p) => ({
    merchantId: p.merchantId,
    memberId: null,
    at: { day: p.dueOn, time: PET_REMINDER_TIME },
    values: { petName: p.petName, memberName: p.memberName ?? '', memberPhone: p.memberPhone ?? '', note: p.note, dueOn: p.dueOn, storeName: p.storeName },
  }),
};

/** 疫苗提醒 to the member, from `pet.vaccination-due.v1`: which pet, which vaccine, by when. */
export const vaccinationNotification: NotificationTriggerDeclaration<PetVaccinationDueV1> = {
  trigger: 'pet_vaccination',
  event: PET_VACCINATION_DUE_V1,
  audience: 'member',
  subject: '宠物疫苗提醒',
  variables: ['petName', 'vaccine', 'dueOn'],
  example: { ...ids, vaccinationId: '00000000-0000-4000-8000-000000000006', petName: '豆豆', vaccine: '狂犬疫苗', dueOn: '2027-01-10', remindOn: '2027-01-03' },
  occasion: (p) => ({ merchantId: p.merchantId, memberId: p.memberId, at: { day: p.remindOn, time: PET_REMINDER_TIME }, values: { petName: p.petName, vaccine: p.vaccine, dueOn: p.dueOn } }),
};

/** 宠物生日祝福 to the member, from `pet.birthday.v1`, with the gift when there is one. */
export const birthdayNotification: NotificationTriggerDeclaration<PetBirthdayV1> = {
  trigger: 'pet_birthday',
  event: PET_BIRTHDAY_V1,
  audience: 'member',
  subject: '宠物生日祝福',
  variables: ['petName', 'age', 'gift'],
  example: { ...ids, petName: '豆豆', birthdayOn: '2026-07-15', age: 3, couponId: '00000000-0000-4000-8000-000000000007', couponTemplateId: '00000000-0000-4000-8000-000000000008' },
  occasion: (p) => ({
    merchantId: p.merchantId,
    memberId: p.memberId,
    at: { day: p.birthdayOn, time: PET_REMINDER_TIME },
    values: { petName: p.petName, age: p.age, gift: p.couponId ? '生日礼券已放入您的账户' : '' },
  }),
};
