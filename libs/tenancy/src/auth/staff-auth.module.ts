import { Module } from '@nestjs/common';
import { StaffAuthGuard } from './guards';
import { TokenService } from './token.service';

/**
 * Staff authentication alone (verifying login tokens needs no database): what a service that only
 * serves staff, such as clearing or settlement, imports. Needs AUTH_OPTIONS from its host.
 */
@Module({
  providers: [TokenService, StaffAuthGuard],
  exports: [TokenService, StaffAuthGuard],
})
export class StaffAuthModule {}
