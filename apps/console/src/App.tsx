import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
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
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import MilitaryTechIcon from '@mui/icons-material/MilitaryTech';
import ConfirmationNumberIcon from '@mui/icons-material/ConfirmationNumber';
import AutoModeIcon from '@mui/icons-material/AutoMode';
import LocalOfferIcon from '@mui/icons-material/LocalOffer';
import SellIcon from '@mui/icons-material/Sell';
import GroupsIcon from '@mui/icons-material/Groups';
import SmsIcon from '@mui/icons-material/Sms';
import SummarizeIcon from '@mui/icons-material/Summarize';
import MarkEmailReadIcon from '@mui/icons-material/MarkEmailRead';
import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import ExtensionIcon from '@mui/icons-material/Extension';
import { authProvider, dataProvider } from './context';
import { i18nProvider } from './i18n/i18n-provider';
import { Dashboard } from './dashboard/Dashboard';
import { DailyReportPage } from './dashboard/daily-report-page';
import { InsightsPage } from './dashboard/insights-page';
import { ConsoleLayout } from './layout/console-menu';
import { AllianceCreate, AllianceList, MerchantCreate, MerchantEdit, MerchantList, PosKeyCreate, PosKeyList, StaffCreate, StaffList, StoreCreate, StoreList } from './resources/tenancy';
import { MemberCreate, MemberList, MemberShow } from './resources/members';
import { RunCreate, RunList, RunShow, SchemeCreate, SchemeEdit, SchemeList, TermsCreate, TermsList } from './resources/clearing';
import { StatementList, StatementShow } from './resources/settlement';
import { TransferList } from './resources/transfers';
import { CouponRuleCreate, CouponRuleList, CouponTemplateCreate, CouponTemplateList, LevelSchemeCreate, LevelSchemeEdit, LevelSchemeList, PromotionCreate, PromotionList } from './resources/programme';
import { SegmentCreate, SegmentList, SegmentShow, TagCreate, TagList } from './resources/insights';
import { PluginList, PluginPage, PluginSettingsEdit } from './plugins/plugin-pages';
import { CouponCampaignPage, HistoryImportPage } from './resources/operations';
import { AnomalyList, AnomalyRulesEdit, MessageList, SettingsEdit, StoreReportEdit, StoreReportList, TemplateCreate, TemplateList } from './resources/notifications';

/** Records read through their parent (the member page's tabs, a segment's members, chart data). */
const NESTED = ['accounts', 'memberLots', 'memberLevels', 'memberLevelHistory', 'memberCoupons', 'memberCards', 'memberVisitCards', 'memberStoredValue', 'segmentMembers', 'dailyReports', 'rfmGrid', 'rfmGroups', 'abcTiers', 'reconciliation', 'historyImports', 'couponCampaigns'];

/**
 * The operator console. Menu entries, pages and buttons follow the user's role (authProvider's
 * canAccess); the API enforces the same, with row-level security for the tenant.
 */
export function App() {
  return (
    <Admin dataProvider={dataProvider} authProvider={authProvider} i18nProvider={i18nProvider} dashboard={Dashboard} layout={ConsoleLayout} title="会员管理系统" requireAuth disableTelemetry>
      <Resource name="members" list={MemberList} show={MemberShow} create={MemberCreate} icon={PeopleIcon} recordRepresentation="phone" />
      <Resource name="transfers" list={TransferList} icon={SwapHorizIcon} />
      <Resource name="tags" list={TagList} create={TagCreate} icon={SellIcon} recordRepresentation="name" />
      <Resource name="segments" list={SegmentList} create={SegmentCreate} show={SegmentShow} icon={GroupsIcon} recordRepresentation="name" />
      <Resource name="levelSchemes" list={LevelSchemeList} create={LevelSchemeCreate} edit={LevelSchemeEdit} icon={MilitaryTechIcon} recordRepresentation="name" />
      <Resource name="couponTemplates" list={CouponTemplateList} create={CouponTemplateCreate} icon={ConfirmationNumberIcon} recordRepresentation="name" />
      <Resource name="couponRules" list={CouponRuleList} create={CouponRuleCreate} icon={AutoModeIcon} />
      <Resource name="promotions" list={PromotionList} create={PromotionCreate} icon={LocalOfferIcon} recordRepresentation="name" />
      <Resource name="notificationTemplates" list={TemplateList} create={TemplateCreate} icon={SmsIcon} />
      <Resource name="notificationSettings" edit={SettingsEdit} />
      <Resource name="storeReportSettings" list={StoreReportList} edit={StoreReportEdit} icon={SummarizeIcon} recordRepresentation="name" />
      <Resource name="notificationMessages" list={MessageList} icon={MarkEmailReadIcon} />
      <Resource name="anomalies" list={AnomalyList} icon={ReportProblemIcon} />
      <Resource name="anomalyRules" edit={AnomalyRulesEdit} />
      <Resource name="alliances" list={AllianceList} create={AllianceCreate} icon={HubIcon} recordRepresentation="name" />
      <Resource name="merchants" list={MerchantList} create={MerchantCreate} edit={MerchantEdit} icon={StorefrontIcon} recordRepresentation="name" />
      <Resource name="stores" list={StoreList} create={StoreCreate} icon={StoreIcon} recordRepresentation="name" />
      <Resource name="staff" list={StaffList} create={StaffCreate} icon={BadgeIcon} recordRepresentation="name" />
      <Resource name="posKeys" list={PosKeyList} create={PosKeyCreate} icon={KeyIcon} recordRepresentation="name" />
      <Resource name="clearingSchemes" list={SchemeList} create={SchemeCreate} edit={SchemeEdit} icon={AccountTreeIcon} recordRepresentation="name" />
      <Resource name="contractTerms" list={TermsList} create={TermsCreate} icon={GavelIcon} />
      <Resource name="clearingRuns" list={RunList} show={RunShow} create={RunCreate} icon={PlayCircleIcon} />
      <Resource name="settlementStatements" list={StatementList} show={StatementShow} icon={ReceiptLongIcon} recordRepresentation="partyName" />
      <Resource name="plugins" list={PluginList} edit={PluginSettingsEdit} icon={ExtensionIcon} />
      {NESTED.map((name) => (
        <Resource key={name} name={name} />
      ))}
      <CustomRoutes>
        <Route path="/reports" element={<DailyReportPage />} />
        <Route path="/insights" element={<InsightsPage />} />
        <Route path="/history-import" element={<HistoryImportPage />} />
        <Route path="/coupon-campaigns" element={<CouponCampaignPage />} />
        <Route path="/plugin-pages/:pluginId/:name" element={<PluginPage />} />
      </CustomRoutes>
    </Admin>
  );
}
