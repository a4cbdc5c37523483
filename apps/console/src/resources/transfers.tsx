import { Datagrid, List, ReferenceField, SelectInput, TextField, TextInput, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { EnumField, ZonedDateField } from '../fields';
import { formatFen } from '../format';

export const TRANSFER_KINDS = [
  'EARN', 'REDEEM', 'REVERSAL', 'REVERSAL_DEBT', 'CLAWBACK', 'DEBT_SETTLEMENT', 'EXPIRY', 'GROWTH_AWARD', 'GROWTH_REVERSAL',
  'SV_RECHARGE', 'SV_BONUS', 'SV_PAYMENT', 'SV_PAYMENT_REFUND', 'SV_RECHARGE_REFUND', 'SV_BONUS_FORFEIT',
];

/** A transfer's amount in its asset: stored value (CNY) in ¥ from 分, points and growth as counts. */
export function TransferAmountField(_: { source?: string; label?: string; sortable?: boolean }) {
  const record = useRecordContext();
  const [locale] = useLocaleState();
  if (!record) return null;
  const amount = Number(record.amount);
  return <span style={{ fontVariantNumeric: 'tabular-nums' }}>{record.asset === 'CNY' ? formatFen(amount, locale) : amount.toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN')}</span>;
}

/** 流水: points and stored-value transfers the caller may see, newest first. */
export const TransferList = () => {
  const translate = useTranslate();
  const filters = [
    <SelectInput source="kind" choices={TRANSFER_KINDS.map((id) => ({ id, name: translate(`console.transferKind.${id}`) }))} key="kind" alwaysOn />,
    <TextInput source="memberId" key="member" />,
  ];
  return (
    <List filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} exporter={false}>
      <Datagrid bulkActionButtons={false} rowClick={false} data-testid="transfers">
        <ZonedDateField source="occurredAt" sortable={false} />
        <EnumField source="kind" prefix="transferKind" chip sortable={false} />
        <TransferAmountField source="amount" sortable={false} />
        <EnumField source="asset" prefix="asset" sortable={false} />
        <ReferenceField source="memberId" reference="members" link="show" emptyText="—" sortable={false}>
          <TextField source="phone" />
        </ReferenceField>
        <ReferenceField source="merchantId" reference="merchants" link={false} emptyText="—" sortable={false} />
        <ReferenceField source="storeId" reference="stores" link={false} emptyText="—" sortable={false} />
        <TextField source="reference" emptyText="—" sortable={false} />
      </Datagrid>
    </List>
  );
};
