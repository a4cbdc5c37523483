import { Module } from '@nestjs/common';
import { StaffAuthModule } from '@loyalty/tenancy';
import { ClearingResolver } from './api/graphql/clearing.resolver';
import { ClearingRunner } from './application/clearing-runner';
import { ClearingScheduler } from './application/clearing.scheduler';
import { CreateClearingSchemeHandler } from './application/commands/create-clearing-scheme.command';
import { RecordParticipantActivityHandler } from './application/commands/record-participant-activity.command';
import { RunClearingHandler } from './application/commands/run-clearing.command';
import { SetClearingScheduleHandler } from './application/commands/set-clearing-schedule.command';
import { SetContractTermsHandler } from './application/commands/set-contract-terms.command';
import { RecordActivityHandler } from './application/event-handlers/record-activity.handler';
import {
  GetClearingRunHandler,
  ListClearingRunsHandler,
  ListClearingSchemesHandler,
  ListContractTermsHandler,
} from './application/queries/clearing.queries';

/** 清算: contract terms, activity from the members service's events, and runs per closed period. */
@Module({
  imports: [StaffAuthModule],
  providers: [
    CreateClearingSchemeHandler,
    SetContractTermsHandler,
    SetClearingScheduleHandler,
    RecordParticipantActivityHandler,
    RunClearingHandler,
    ListClearingSchemesHandler,
    ListContractTermsHandler,
    ListClearingRunsHandler,
    GetClearingRunHandler,
    ClearingRunner,
    ClearingScheduler,
    RecordActivityHandler,
    ClearingResolver,
  ],
  exports: [ClearingScheduler, ClearingRunner, RecordActivityHandler],
})
export class ClearingModule {}
