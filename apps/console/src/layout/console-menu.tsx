import { Layout, Menu, usePermissions, useResourceDefinitions, useSidebarState, useTranslate, type LayoutProps } from 'react-admin';
import { ListSubheader } from '@mui/material';
import AssessmentIcon from '@mui/icons-material/Assessment';
import InsightsIcon from '@mui/icons-material/Insights';
import { can, type Permissions } from '../auth-provider';

/**
 * The menu in sections, each listing what the user's role may open. Sections are data: the plugin
 * resources and long-operation pages planned next add a section or an entry here.
 */
export const MENU_SECTIONS: { key: string; items: string[] }[] = [
  { key: 'members', items: ['members', 'transfers', 'tags', 'segments'] },
  { key: 'marketing', items: ['levelSchemes', 'couponTemplates', 'couponRules', 'promotions'] },
  { key: 'insights', items: ['reports', 'insights'] },
  { key: 'notifications', items: ['notificationTemplates', 'notificationMessages', 'anomalies'] },
  { key: 'clearing', items: ['clearingSchemes', 'contractTerms', 'clearingRuns', 'settlementStatements'] },
  { key: 'organisation', items: ['alliances', 'merchants', 'stores', 'staff', 'posKeys'] },
];

/** Pages that are not resources: name → path and icon. */
const PAGES: Record<string, { to: string; icon: React.ReactElement; title: string }> = {
  reports: { to: '/reports', icon: <AssessmentIcon />, title: 'console.report.title' },
  insights: { to: '/insights', icon: <InsightsIcon />, title: 'console.insights.title' },
};

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
    </Menu>
  );
}

export const ConsoleLayout = (props: LayoutProps) => <Layout {...props} menu={ConsoleMenu} />;
