import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLSafeInt } from '@loyalty/plugin-sdk';

@ObjectType('PetVaccination', { description: '疫苗: a vaccination given, and when the next is due' })
export class PetVaccinationGql {
  @Field(() => ID) id!: string;
  @Field() vaccine!: string;
  @Field({ description: 'YYYY-MM-DD' }) givenOn!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) nextDueOn!: string | null;
  @Field({ description: 'none, pending, reminded or superseded (a later one of the vaccine was given)' }) reminderStatus!: string;
}

@ObjectType('PetService', { description: '服务记录: a service for the pet at a store' })
export class PetServiceGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) storeId!: string;
  @Field({ description: 'grooming, boarding, medical or other' }) kind!: string;
  @Field() orderNo!: string;
  @Field(() => GraphQLSafeInt, { description: '分' }) amountFen!: number;
  @Field(() => GraphQLISODateTime) performedAt!: Date;
  @Field(() => String, { nullable: true }) notes!: string | null;
}

@ObjectType('Pet', { description: '宠物档案: a member’s pet at this pet store, with its latest weight, vaccinations and recent services' })
export class PetGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) memberId!: string;
  @Field() name!: string;
  @Field({ description: 'dog, cat, rabbit, bird or other' }) species!: string;
  @Field(() => String, { nullable: true }) breed!: string | null;
  @Field({ description: 'male, female or unknown' }) sex!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) birthday!: string | null;
  @Field(() => Boolean, { nullable: true }) neutered!: boolean | null;
  @Field(() => String, { nullable: true }) notes!: string | null;
  @Field(() => Int, { nullable: true, description: 'Grams, the latest weighing' }) weightGrams!: number | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD of the latest weighing' }) weighedOn!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it left the records (died, moved away): no reminders nor gifts since' }) archivedAt!: Date | null;
  @Field(() => String, { nullable: true }) archivedReason!: string | null;
  @Field(() => [PetVaccinationGql], { description: 'Newest first' }) vaccinations!: PetVaccinationGql[];
  @Field(() => [PetServiceGql], { description: 'The latest 20, newest first' }) services!: PetServiceGql[];
}

@InputType('PetInput')
export class PetInputGql {
  @Field() name!: string;
  @Field({ description: 'dog, cat, rabbit, bird or other' }) species!: string;
  @Field(() => String, { nullable: true }) breed?: string | null;
  @Field(() => String, { nullable: true, description: 'male, female or unknown (the default)' }) sex?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) birthday?: string | null;
  @Field(() => Boolean, { nullable: true }) neutered?: boolean | null;
  @Field(() => String, { nullable: true }) notes?: string | null;
}

@ObjectType('PetFollowUpTask', { description: '回访任务: a staff follow-up of a pet’s service, due on a day of the merchant’s calendar' })
export class PetFollowUpTaskGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) storeId!: string;
  @Field(() => ID) memberId!: string;
  @Field(() => ID) petId!: string;
  @Field() petName!: string;
  @Field(() => ID, { nullable: true }) serviceId!: string | null;
  @Field({ description: 'YYYY-MM-DD' }) dueOn!: string;
  @Field() note!: string;
  @Field({ description: 'open, done or cancelled' }) status!: string;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the reminder went to the staff (the morning of its day)' }) announcedAt!: Date | null;
  @Field(() => String, { nullable: true }) outcome!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}
