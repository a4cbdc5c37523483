import { definePlugin } from '@loyalty/plugin-sdk';
import { PetResolver } from './api/pet.resolver';
import { PetGql } from './api/pet.types';
import { PetsLoader } from './api/pets.loader';
import { recordServiceInput, registerPetInput, sellPetVisitCardInput, usePetVisitCardInput } from './domain/pet-inputs';
import { petSettingsLabels, petSettingsSchema } from './domain/pet-settings';
import { BirthdayGiftJob } from './jobs/birthday-gift.job';
import { FollowUpJob } from './jobs/follow-up.job';
import { birthdayNotification, followUpNotification, vaccinationNotification } from './jobs/pet-notifications';
import { VaccinationReminderJob } from './jobs/vaccination-reminder.job';
import { petMigrations } from './pet.migrations';
import { RecordServiceEndpoint } from './pos/record-service.pos-endpoint';
import { RegisterPetEndpoint } from './pos/register-pet.pos-endpoint';
import { SellPetVisitCardEndpoint, UsePetVisitCardEndpoint } from './pos/pet-visit-cards.pos-endpoint';

const HOUR = 3_600_000;

/**
 * 宠物店: members' pets (species, breed, birthday, weighings, vaccinations), service records per pet
 * with follow-ups that become staff tasks on their day, per-pet visit cards, vaccination reminders
 * and pet birthday gifts.
 */
export const petPlugin = definePlugin({
  id: 'pet',
  name: { 'zh-CN': '宠物店', en: 'Pet store' },
  description: 'Pets and their records, services with follow-up tasks, per-pet visit cards, vaccination reminders, pet birthday gifts',
  version: '1.0.0',
  compatibility: '^1.1.0',
  migrations: petMigrations,
  settings: { schema: petSettingsSchema, labels: petSettingsLabels },
  resolvers: [PetResolver],
  pos: [
    { path: 'pets', summary: '宠物建档: registers a member’s pet', input: registerPetInput, handler: RegisterPetEndpoint },
    {
      path: 'services',
      summary: '服务记录: a service for a pet (a paid one is a purchase too), optionally with a follow-up that becomes a staff task on its day',
      input: recordServiceInput,
      handler: RecordServiceEndpoint,
      errors: ['PET_NOT_FOUND', 'PET_SERVICE_ORDER_TAKEN'],
    },
    {
      path: 'visit-cards',
      summary: '宠物次卡: a visit card of the merchant’s products sold for one pet',
      input: sellPetVisitCardInput,
      handler: SellPetVisitCardEndpoint,
      errors: ['PET_NOT_FOUND', 'VISIT_CARD_PRODUCT_NOT_FOUND', 'INSUFFICIENT_BALANCE'],
    },
    {
      path: 'visit-card-uses',
      summary: '次卡核销 for a pet: a card sold for a pet serves that pet only',
      input: usePetVisitCardInput,
      handler: UsePetVisitCardEndpoint,
      errors: ['PET_NOT_FOUND', 'PET_VISIT_CARD_OTHER_PET', 'PET_VISIT_CARD_OTHER_MEMBER', 'VISIT_CARD_NOT_FOUND', 'VISIT_CARD_EXPIRED', 'VISIT_CARD_USED_UP'],
    },
  ],
  jobs: [
    { name: 'follow-ups', intervalMs: HOUR, handler: FollowUpJob },
    { name: 'vaccination-reminders', intervalMs: HOUR, handler: VaccinationReminderJob },
    { name: 'birthday-gifts', intervalMs: HOUR, handler: BirthdayGiftJob },
  ],
  notifications: [followUpNotification, vaccinationNotification, birthdayNotification],
  memberProfile: [{ field: 'pets', type: () => [PetGql], description: '宠物: the member’s pets here, with weight, vaccinations and recent services', loader: PetsLoader }],
  console: [
    {
      name: 'pets',
      placement: 'member-tab',
      label: { 'zh-CN': '宠物', en: 'Pets' },
      query: 'query($memberId: UUID!) { member(id: $memberId) { member { pets { name species breed birthday weightGrams weighedOn } } } }',
      fields: [
        { path: 'name', label: { 'zh-CN': '名字', en: 'Name' } },
        { path: 'species', label: { 'zh-CN': '种类', en: 'Species' } },
        { path: 'breed', label: { 'zh-CN': '品种', en: 'Breed' } },
        { path: 'birthday', label: { 'zh-CN': '生日', en: 'Birthday' }, format: 'date' },
        { path: 'weightGrams', label: { 'zh-CN': '体重（克）', en: 'Weight (g)' }, format: 'number' },
      ],
    },
    {
      name: 'follow-ups',
      placement: 'page',
      label: { 'zh-CN': '宠物回访', en: 'Pet follow-ups' },
      query: 'query { petFollowUpTasks(status: "open") { dueOn petName note storeId } }',
      fields: [
        { path: 'dueOn', label: { 'zh-CN': '回访日期', en: 'Due' }, format: 'date' },
        { path: 'petName', label: { 'zh-CN': '宠物', en: 'Pet' } },
        { path: 'note', label: { 'zh-CN': '事项', en: 'What' } },
      ],
    },
  ],
});
