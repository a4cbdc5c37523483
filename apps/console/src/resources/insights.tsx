import {
  ChipField,
  Create,
  Datagrid,
  List,
  NumberField,
  NumberInput,
  ReferenceArrayField,
  ReferenceArrayInput,
  ReferenceField,
  ReferenceManyField,
  required,
  SelectArrayInput,
  SelectInput,
  Show,
  SimpleForm,
  SimpleShowLayout,
  SingleFieldList,
  TextField,
  TextInput,
  TopToolbar,
  CreateButton,
  usePermissions,
  useTranslate,
  Pagination,
  FunctionField,
} from 'react-admin';
import { can, type Permissions } from '../auth-provider';
import { EnumField, MoneyField, MoneyInput, ScopeMerchantPicker, useScopeMerchant, ZonedDateField } from '../fields';
import { useMeasureChoices } from '../plugins/plugin-pages';

/** The eight RFM groups (重要价值 … 流失), in the order the trade lists them. */
export const RFM_GROUP_CODES = ['IMPORTANT_VALUE', 'IMPORTANT_WIN_BACK', 'IMPORTANT_DEVELOP', 'IMPORTANT_RETAIN', 'POTENTIAL', 'NEW', 'GENERAL_MAINTAIN', 'LOST'];
const LIFECYCLES = ['new', 'growing', 'mature', 'declining', 'churned'];
const SEGMENTS = ['new', 'important', 'sleeping', 'lost'];

/** Toolbar of a page about one merchant (or the alliance): the operator's scope picker and create. */
function ScopedActions({ resource, allianceWide = true }: { resource: string; allianceWide?: boolean }) {
  const { permissions } = usePermissions<Permissions>();
  return (
    <TopToolbar sx={{ alignItems: 'center' }}>
      <ScopeMerchantPicker allianceWide={allianceWide} />
      {can(permissions, resource, 'create') && <CreateButton />}
    </TopToolbar>
  );
}

/** 标签: the scope's tags, by hand or by rule, with how many members carry each now. */
export const TagList = () => {
  const [merchantId] = useScopeMerchant(true);
  return (
    <List key={merchantId} filter={{ merchantId }} sort={{ field: 'name', order: 'ASC' }} actions={<ScopedActions resource="tags" />} pagination={false}>
      <Datagrid bulkActionButtons={false} rowClick={false} data-testid="tags">
        <TextField source="name" />
        <EnumField source="kind" prefix="tagKind" chip />
        <NumberField source="minPurchases" emptyText="—" />
        <MoneyField source="minMonetaryFen" />
        <NumberField source="maxRecencyDays" emptyText="—" />
        <NumberField source="minPoints" emptyText="—" />
        <FunctionField source="fact" render={(t: { fact: TagFact | null }) => (t.fact ? factText(t.fact) : '—')} />
        <NumberField source="members" />
        <ZonedDateField source="createdAt" />
      </Datagrid>
    </List>
  );
};

interface TagFact {
  name: string;
  min: number | null;
  max: number | null;
  windowDays: number | null;
}

/** hotel.nights ≥ 10 · 365 d */
const factText = ({ name, min, max, windowDays }: TagFact) =>
  [name, min !== null && `≥ ${min}`, max !== null && `≤ ${max}`, windowDays !== null && `· ${windowDays} d`].filter(Boolean).join(' ');

export const TagCreate = () => {
  const translate = useTranslate();
  const measures = useMeasureChoices();
  const [merchantId] = useScopeMerchant(true);
  return (
    <Create redirect="list" transform={(data: Record<string, unknown>) => ({ ...data, merchantId: merchantId || undefined })}>
      <SimpleForm>
        <TextInput source="name" validate={required()} />
        <NumberInput source="minPurchases" min={1} />
        <MoneyInput source="minMonetaryFen" />
        <NumberInput source="maxRecencyDays" min={1} />
        <NumberInput source="minPoints" min={0} />
        {/* A loaded plugin's fact, counted per member: its name (e.g. hotel.nights), bounds and window. */}
        <SelectInput source="fact.name" choices={measures} helperText={translate('console.tag.factHelp')} />
        <NumberInput source="fact.min" />
        <NumberInput source="fact.max" />
        <NumberInput source="fact.windowDays" min={1} />
      </SimpleForm>
    </Create>
  );
};

/** 人群: saved audiences over RFM groups, lifecycle, segments, facts and tags. */
export const SegmentList = () => {
  const [merchantId] = useScopeMerchant(true);
  return (
    <List key={merchantId} filter={{ merchantId }} sort={{ field: 'name', order: 'ASC' }} actions={<ScopedActions resource="segments" />} pagination={false}>
      <Datagrid bulkActionButtons={false} rowClick="show" data-testid="segments">
        <TextField source="name" />
        <FunctionField source="groups" render={(s: { groups: string[] | null }) => <GroupNames codes={s.groups} />} />
        <NumberField source="minFrequency" emptyText="—" />
        <MoneyField source="minMonetaryFen" />
        <NumberField source="maxRecencyDays" emptyText="—" />
        <NumberField source="members" />
      </Datagrid>
    </List>
  );
};

function GroupNames({ codes }: { codes: string[] | null }) {
  const translate = useTranslate();
  return <span>{(codes ?? []).map((c) => translate(`console.rfmGroup.${c}`)).join('、') || '—'}</span>;
}

export const SegmentCreate = () => {
  const translate = useTranslate();
  const [merchantId] = useScopeMerchant(true);
  const choices = (codes: string[], prefix: string) => codes.map((id) => ({ id, name: translate(`console.${prefix}.${id}`) }));
  return (
    <Create redirect="show" transform={(data: Record<string, unknown>) => ({ ...data, merchantId: merchantId || undefined })}>
      <SimpleForm>
        <TextInput source="name" validate={required()} />
        <SelectArrayInput source="groups" choices={choices(RFM_GROUP_CODES, 'rfmGroup')} />
        <SelectArrayInput source="lifecycles" choices={choices(LIFECYCLES, 'lifecycle')} />
        <SelectArrayInput source="segments" choices={choices(SEGMENTS, 'segment')} />
        <ReferenceArrayInput source="tagIds" reference="tags" filter={{ merchantId }}>
          <SelectArrayInput optionText="name" />
        </ReferenceArrayInput>
        <NumberInput source="minFrequency" min={1} />
        <MoneyInput source="minMonetaryFen" />
        <NumberInput source="maxRecencyDays" min={1} />
      </SimpleForm>
    </Create>
  );
};

/** A segment and its members now: the audience a campaign would reach. */
export const SegmentShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="name" />
      <FunctionField source="groups" render={(s: { groups: string[] | null }) => <GroupNames codes={s.groups} />} />
      <NumberField source="members" />
      <ReferenceArrayField source="tagIds" reference="tags" emptyText="—">
        <SingleFieldList linkType={false}>
          <ChipField source="name" size="small" />
        </SingleFieldList>
      </ReferenceArrayField>
      <ReferenceManyField reference="segmentMembers" target="segmentId" perPage={25} pagination={<Pagination />}>
        <Datagrid bulkActionButtons={false} rowClick={(id) => `/members/${id}/show`} data-testid="segment-members">
          <ReferenceField source="memberId" reference="members" link={false}>
            <TextField source="phone" />
          </ReferenceField>
          <EnumField source="group" prefix="rfmGroup" chip />
          <EnumField source="lifecycle" prefix="lifecycle" />
          <NumberField source="recencyDays" />
          <NumberField source="frequency" />
          <MoneyField source="monetaryFen" />
        </Datagrid>
      </ReferenceManyField>
    </SimpleShowLayout>
  </Show>
);
