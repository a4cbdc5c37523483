import { Admin, Resource } from 'react-admin';
import StorefrontIcon from '@mui/icons-material/Storefront';
import HubIcon from '@mui/icons-material/Hub';
import StoreIcon from '@mui/icons-material/Store';
import BadgeIcon from '@mui/icons-material/Badge';
import KeyIcon from '@mui/icons-material/Key';
import PeopleIcon from '@mui/icons-material/People';
import AccountTreeIcon from '@mui/icons-material/AccountTree';
import GavelIcon from '@mui/icons-material/Gavel';
import PlayCircleIcon from '@mui/icons-material/PlayCircle';
import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import { authProvider, dataProvider } from './context';
import { i18nProvider } from './i18n/i18n-provider';
import { Dashboard } from './dashboard/Dashboard';
import { AllianceCreate, AllianceList, MerchantCreate, MerchantEdit, MerchantList, PosKeyCreate, PosKeyList, StaffCreate, StaffList, StoreCreate, StoreList } from './resources/tenancy';
import { MemberCreate, MemberList, MemberShow } from './resources/members';
import { RunCreate, RunList, RunShow, SchemeCreate, SchemeEdit, SchemeList, TermsCreate, TermsList } from './resources/clearing';
import { StatementList, StatementShow } from './resources/settlement';

/**
 * The operator console. Menu entries, pages and buttons follow the user's role (authProvider's
 * canAccess); the API enforces the same, with row-level security for the tenant.
 */
export function App() {
  return (
    <Admin dataProvider={dataProvider} authProvider={authProvider} i18nProvider={i18nProvider} dashboard={Dashboard} title="会员管理系统" requireAuth disableTelemetry>
      <Resource name="members" list={MemberList} show={MemberShow} create={MemberCreate} icon={PeopleIcon} recordRepresentation="phone" />
      <Resource name="alliances" list={AllianceList} create={AllianceCreate} icon={HubIcon} recordRepresentation="name" />
      <Resource name="merchants" list={MerchantList} create={MerchantCreate} edit={MerchantEdit} icon={StorefrontIcon} recordRepresentation="name" />
      <Resource name="stores" list={StoreList} create={StoreCreate} icon={StoreIcon} recordRepresentation="name" />
      <Resource name="staff" list={StaffList} create={StaffCreate} icon={BadgeIcon} recordRepresentation="name" />
      <Resource name="posKeys" list={PosKeyList} create={PosKeyCreate} icon={KeyIcon} recordRepresentation="name" />
      <Resource name="clearingSchemes" list={SchemeList} create={SchemeCreate} edit={SchemeEdit} icon={AccountTreeIcon} recordRepresentation="name" />
      <Resource name="contractTerms" list={TermsList} create={TermsCreate} icon={GavelIcon} />
      <Resource name="clearingRuns" list={RunList} show={RunShow} create={RunCreate} icon={PlayCircleIcon} />
      <Resource name="settlementStatements" list={StatementList} show={StatementShow} icon={ReceiptLongIcon} recordRepresentation="partyName" />
      <Resource name="transfers" />
      <Resource name="accounts" />
    </Admin>
  );
}
