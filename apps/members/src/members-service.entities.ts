import { coreEntities } from '@loyalty/loyalty';
import { programmeEntities } from '@loyalty/programme';

/**
 * The members service's tables (public schema): the loyalty core and the membership programme. One
 * list for its ORM, the platform's and the migration generator.
 */
export const membersServiceEntities = [...coreEntities, ...programmeEntities];
