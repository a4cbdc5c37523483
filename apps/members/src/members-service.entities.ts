import { coreEntities } from '@loyalty/loyalty';
import { pluginHostEntities } from '@loyalty/plugin-host';
import { programmeEntities } from '@loyalty/programme';

/**
 * The members service's tables (public schema): the loyalty core, the membership programme and the plugin host. One
 * list for its ORM, the platform's and the migration generator.
 */
export const membersServiceEntities = [...coreEntities, ...programmeEntities, ...pluginHostEntities];
