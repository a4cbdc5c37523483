import { Layout, Menu, usePermissions, useResourceDefinitions, useSidebarState, useTranslate, type LayoutProps } from 'react-admin';
import { ListSubheader } from '@mui/material';
import AssessmentIcon from '@mui/icons-material/Assessment';
import InsightsIcon from '@mui/icons-material/Insights';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import CampaignIcon from '@mui/icons-material/Campaign';
import WidgetsIcon from '@mui/icons-material/Widgets';
import { can, type Permissions } from '../auth-provider';
import { useLabel, usePluginResources } from '../plugins/plugin-pages';

/**
 * The menu in sections, each listing what the user's role may open. Sections are data; the pages
 * of the user's merchant's plugins come last, in a section of their own (PluginMenuItems).
 */
export const MENU_SECTIONS: { key: string; items: string[] }[] = [
  { key: 'members', items: ['members', 'transfers', 'tags', 'segments'] },
  { key: 'marketing', items: ['levelSchemes', 'couponTemplates', 'couponRules', 'promotions', 'couponCampaigns'] },
  { key: 'insights', items: ['reports', 'insights'] },
  { key: 'notifications', items: ['notificationTemplates', 'storeReportSettings', 'notificationMessages', 'anomalies'] },
  { key: 'clearing', items: ['clearingSchemes', 'contractTerms', 'clearingRuns', 'settlementStatements'] },
  { key: 'organisation', items: ['alliances', 'merchants', 'stores', 'staff', 'posKeys', 'historyImport', 'plugins'] },
];

/** Pages that are not resources: name → path and icon. */
const PAGES: Record<string, { to: string; icon: React.ReactElement; title: string }> = {
  reports: { to: '/reports', icon: <AssessmentIcon />, title: 'console.report.title' },
  insights: { to: '/insights', icon: <InsightsIcon />, title: 'console.insights.title' },
  couponCampaigns: { to: '/coupon-campaigns', icon: <CampaignIcon />, title: 'console.campaign.title' },
  historyImport: { to: '/history-import', icon: <UploadFileIcon />, title: 'console.import.title' },
};

/** The pages the user's merchant's plugins declare, each under its plugin's name. */
function PluginMenuItems({ open }: { open: boolean }) {
  const translate = useTranslate();
  const label = useLabel();
  const pages = usePluginResources('page');
  if (!pages.length) return null;
  return (
    <>
      {open && <ListSubheader sx={{ lineHeight: '32px', bgcolor: 'transparent' }}>{translate('console.menu.plugins')}</ListSubheader>}
      {pages.map(({ plugin, resource }) => (
        <Menu.Item
          key={`${plugin.pluginId}/${resource.name}`}
          to={`/plugin-pages/${plugin.pluginId}/${resource.name}`}
          primaryText={`${label(resource.label)}`}
          leftIcon={<WidgetsIcon />}
          data-testid={`menu-plugin-${plugin.pluginId}-${resource.name}`}
        />
      ))}
    </>
  );
}

export function ConsoleMenu() {
  const translate = useTranslate();
  const { permissions } = usePermissions<Permissions>();
  const resources = useResourceDefinitions();
  const [open] = useSidebarState();
  return (
    <Menu>
      <Menu.DashboardItem />
      {MENU_SECTIONS.map(({ key, items }) => {
        const visible = items.filter((name) => can(permissions, name, 'list') && (PAGES[name] || resources[name]?.hasList));
        if (!visible.length) return null;
        return [
          open ? (
            <ListSubheader key={`section-${key}`} sx={{ lineHeight: '32px', bgcolor: 'transparent' }}>
              {translate(`console.menu.${key}`)}
            </ListSubheader>
          ) : null,
          ...visible.map((name) =>
            PAGES[name] ? (
              <Menu.Item key={name} to={PAGES[name].to} primaryText={translate(PAGES[name].title)} leftIcon={PAGES[name].icon} />
            ) : (
              <Menu.ResourceItem key={name} name={name} />
            ),
          ),
        ];
      })}
      <PluginMenuItems open={open} />
    </Menu>
  );
}

export const ConsoleLayout = (props: LayoutProps) => <Layout {...props} menu={ConsoleMenu} />;
