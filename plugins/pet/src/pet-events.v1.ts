/** The pet plugin's integration events, version 1 (notifications tell staff and members from them). */

export const PET_FOLLOW_UP_DUE_V1 = 'pet.follow-up-due.v1';
/** 回访提醒: a staff follow-up of a service fell due today (the merchant's calendar). */
export interface PetFollowUpDueV1 {
  taskId: string;
  merchantId: string;
  storeId: string;
  storeName: string;
  memberId: string;
  /** Who to call: the member's name and phone, as the core knows them. */
  memberName: string | null;
  memberPhone: string | null;
  petId: string;
  petName: string;
  /** YYYY-MM-DD, the merchant's calendar. */
  dueOn: string;
  note: string;
}

export const PET_VACCINATION_DUE_V1 = 'pet.vaccination-due.v1';
/** 疫苗提醒: a pet's next vaccination falls due soon. */
export interface PetVaccinationDueV1 {
  vaccinationId: string;
  merchantId: string;
  memberId: string;
  petId: string;
  petName: string;
  vaccine: string;
  /** YYYY-MM-DD: when the vaccination is due, and the day the reminder goes out. */
  dueOn: string;
  remindOn: string;
}

export const PET_BIRTHDAY_V1 = 'pet.birthday.v1';
/** 宠物生日: a pet's birthday, with the gift given (a coupon) or none. */
export interface PetBirthdayV1 {
  merchantId: string;
  memberId: string;
  petId: string;
  petName: string;
  /** YYYY-MM-DD: this year's birthday (28 February for one born on the 29th, in other years). */
  birthdayOn: string;
  /** Years old on the day. */
  age: number;
  couponId: string | null;
  couponTemplateId: string | null;
}
