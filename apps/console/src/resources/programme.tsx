import {
  ArrayInput,
  BooleanField,
  BooleanInput,
  Create,
  Datagrid,
  DateTimeInput,
  DeleteWithConfirmButton,
  Edit,
  FormDataConsumer,
  FunctionField,
  List,
  NumberField,
  NumberInput,
  ReferenceField,
  ReferenceInput,
  required,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextField,
  TextInput,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { can, type Permissions } from '../auth-provider';
import { EnumField, MoneyField, MoneyInput, ZonedDateField } from '../fields';
import { useMeasureChoices } from '../plugins/plugin-pages';

const useChoices = (prefix: string, codes: string[]) => {
  const translate = useTranslate();
  return codes.map((id) => ({ id, name: translate(`console.${prefix}.${id}`) }));
};

/** The merchant a programme item belongs to: a merchant admin's own; an operator picks one. */
function MerchantInput({ optional = false }: { optional?: boolean }) {
  const { permissions } = usePermissions<Permissions>();
  if (permissions?.merchantId) return null;
  return (
    <ReferenceInput source="merchantId" reference="merchants">
      <SelectInput optionText="name" validate={optional ? undefined : required()} />
    </ReferenceInput>
  );
}
const withOwnMerchant = (permissions: Permissions | undefined) => (data: Record<string, unknown>) => ({ ...data, merchantId: permissions?.merchantId ?? data.merchantId });

/** 等级: each scheme's levels lowest first, with what reaches them and what they give. */
export const LevelSchemeList = () => {
  const translate = useTranslate();
  const { permissions } = usePermissions<Permissions>();
  return (
    <List sort={{ field: 'name', order: 'ASC' }} pagination={false}>
      <Datagrid bulkActionButtons={false} rowClick={can(permissions, 'levelSchemes', 'edit') ? 'edit' : false} data-testid="level-schemes">
        <TextField source="name" />
        <ReferenceField source="merchantId" reference="merchants" link={false} emptyText={translate('console.scope.alliance')} />
        <FunctionField source="levels" render={(s: { levels: { name: string }[] }) => s.levels.map((l) => l.name).join(' → ')} />
        <NumberField source="validityMonths" emptyText="—" />
        <FunctionField
          source="growthRules"
          render={(s: { growthRules: { behaviour: string; amount: number }[] }) => s.growthRules.map((r) => `${translate(`console.growthBehaviour.${r.behaviour}`)} +${r.amount}`).join('，')}
        />
      </Datagrid>
    </List>
  );
};

const METRICS = ['CUMULATIVE_SPEND', 'SINGLE_PURCHASE', 'WINDOW_SPEND', 'GROWTH', 'POINTS_BALANCE', 'MEASURE'];
const BEHAVIOURS = ['PURCHASE', 'REGISTRATION', 'CHECK_IN', 'REVIEW', 'SHARE'];

/** The whole scheme in one form: levels with OR-groups of AND-conditions, and growth rules. */
function LevelSchemeForm() {
  const metrics = useChoices('levelMetric', METRICS);
  const measures = useMeasureChoices();
  const behaviours = useChoices('growthBehaviour', BEHAVIOURS);
  const translate = useTranslate();
  return (
    <SimpleForm>
      <TextInput source="name" validate={required()} />
      <MerchantInput optional />
      <NumberInput source="validityMonths" min={1} />
      <ArrayInput source="levels" validate={required()}>
        <SimpleFormIterator inline={false} disableReordering={false}>
          <TextInput source="code" validate={required()} helperText={false} />
          <TextInput source="name" validate={required()} helperText={false} />
          <NumberInput source="benefits.discountPermille" helperText={translate('console.level.permilleHelp')} />
          <NumberInput source="benefits.pointsMultiplierPermille" helperText={false} />
          <ArrayInput source="conditions" label="resources.levelSchemes.fields.conditions">
            <SimpleFormIterator inline={false}>
              <ArrayInput source="all" label="console.level.allOf">
                <SimpleFormIterator inline>
                  <SelectInput source="metric" choices={metrics} validate={required()} helperText={false} />
                  {/* A loaded plugin's measure, e.g. hotel.nights: only MEASURE names one. */}
                  <FormDataConsumer<{ metric?: string }>>
                    {({ scopedFormData }) =>
                      scopedFormData?.metric === 'MEASURE' && <SelectInput source="measure" choices={measures} validate={required()} helperText={false} />
                    }
                  </FormDataConsumer>
                  <NumberInput source="min" validate={required()} helperText={translate('console.level.minHelp')} />
                  <NumberInput source="windowMonths" helperText={false} />
                </SimpleFormIterator>
              </ArrayInput>
            </SimpleFormIterator>
          </ArrayInput>
        </SimpleFormIterator>
      </ArrayInput>
      <ArrayInput source="growthRules">
        <SimpleFormIterator inline>
          <SelectInput source="behaviour" choices={behaviours} validate={required()} helperText={false} />
          <NumberInput source="amount" validate={required()} helperText={false} />
          <NumberInput source="dailyCap" helperText={false} />
        </SimpleFormIterator>
      </ArrayInput>
    </SimpleForm>
  );
}

export const LevelSchemeCreate = () => {
  const { permissions } = usePermissions<Permissions>();
  return (
    <Create redirect="list" transform={withOwnMerchant(permissions)}>
      <LevelSchemeForm />
    </Create>
  );
};

export const LevelSchemeEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list">
    <LevelSchemeForm />
  </Edit>
);

const KINDS = ['FIXED', 'PERCENTAGE', 'GIFT'];

/** 券模板: what a coupon gives, its threshold, validity and limits, and how many were issued. */
export const CouponTemplateList = () => (
  <List sort={{ field: 'name', order: 'ASC' }}>
    <Datagrid bulkActionButtons={false} rowClick={false} data-testid="coupon-templates">
      <TextField source="name" />
      <ReferenceField source="merchantId" reference="merchants" link={false} />
      <EnumField source="kind" prefix="couponKind" chip />
      <MoneyField source="thresholdFen" />
      <MoneyField source="amountOffFen" />
      <NumberField source="discountPermille" emptyText="—" />
      <TextField source="giftName" emptyText="—" />
      <NumberField source="validDays" emptyText="—" />
      <ZonedDateField source="validUntil" dateOnly />
      <NumberField source="issuedCount" />
    </Datagrid>
  </List>
);

export const CouponTemplateCreate = () => {
  const { permissions } = usePermissions<Permissions>();
  const kinds = useChoices('couponKind', KINDS);
  const stacking = useChoices('stacking', ['EXCLUSIVE', 'STACKABLE']);
  return (
    <Create redirect="list" transform={withOwnMerchant(permissions)}>
      <SimpleForm defaultValues={{ kind: 'FIXED', thresholdFen: 0, validDays: 30 }}>
        <TextInput source="name" validate={required()} />
        <MerchantInput />
        <SelectInput source="kind" choices={kinds} validate={required()} />
        <MoneyInput source="thresholdFen" />
        <FormDataConsumer>
          {({ formData }) =>
            formData.kind === 'FIXED' ? (
              <MoneyInput source="amountOffFen" validate={required()} />
            ) : formData.kind === 'PERCENTAGE' ? (
              <>
                <NumberInput source="discountPermille" validate={required()} />
                <MoneyInput source="maxDiscountFen" />
              </>
            ) : (
              <TextInput source="giftName" validate={required()} />
            )
          }
        </FormDataConsumer>
        <NumberInput source="validDays" min={1} />
        <NumberInput source="perMemberLimit" min={1} />
        <NumberInput source="totalLimit" min={1} />
        <SelectInput source="stacking" choices={stacking} />
      </SimpleForm>
    </Create>
  );
};

const TRIGGERS = ['NEW_MEMBER', 'BIRTHDAY', 'REACTIVATION', 'LEVEL_REACHED'];

/** 自动发券: a template's coupons issued on an occasion. */
export const CouponRuleList = () => (
  <List sort={{ field: 'trigger', order: 'ASC' }}>
    <Datagrid bulkActionButtons={false} rowClick={false} data-testid="coupon-rules">
      <EnumField source="trigger" prefix="couponTrigger" chip />
      <ReferenceField source="templateId" reference="couponTemplates" link={false} />
      <ReferenceField source="merchantId" reference="merchants" link={false} />
      <TextField source="levelCode" emptyText="—" />
      <NumberField source="inactiveDays" emptyText="—" />
    </Datagrid>
  </List>
);

export const CouponRuleCreate = () => {
  const { permissions } = usePermissions<Permissions>();
  const triggers = useChoices('couponTrigger', TRIGGERS);
  return (
    <Create redirect="list" transform={withOwnMerchant(permissions)}>
      <SimpleForm defaultValues={{ trigger: 'NEW_MEMBER' }}>
        <MerchantInput />
        <SelectInput source="trigger" choices={triggers} validate={required()} />
        <ReferenceInput source="templateId" reference="couponTemplates">
          <SelectInput optionText="name" validate={required()} />
        </ReferenceInput>
        <FormDataConsumer>
          {({ formData }) =>
            formData.trigger === 'LEVEL_REACHED' ? (
              <TextInput source="levelCode" validate={required()} />
            ) : formData.trigger === 'REACTIVATION' ? (
              <NumberInput source="inactiveDays" validate={required()} min={1} />
            ) : null
          }
        </FormDataConsumer>
      </SimpleForm>
    </Create>
  );
};

const PROMOTION_KINDS = ['PERCENT_OFF', 'LEVEL_PRICE', 'MULTI_BUY', 'TIERED', 'BUNDLE', 'CASHBACK'];

/** 促销: the merchant's promotions checkout quotes apply, lower priority first. */
export const PromotionList = () => {
  const { permissions } = usePermissions<Permissions>();
  const translate = useTranslate();
  return (
    <List sort={{ field: 'priority', order: 'ASC' }}>
      <Datagrid bulkActionButtons={false} rowClick={false} data-testid="promotions">
        <TextField source="name" />
        <ReferenceField source="merchantId" reference="merchants" link={false} />
        <EnumField source="config.kind" prefix="promotionKind" chip />
        <NumberField source="priority" />
        <BooleanField source="exclusive" />
        <ZonedDateField source="startsAt" />
        <ZonedDateField source="endsAt" />
        {can(permissions, 'promotions', 'delete') && (
          <FunctionField
            render={(p: { endsAt: string | null }) =>
              p.endsAt && new Date(p.endsAt) <= new Date() ? null : <DeleteWithConfirmButton label={translate('console.promotion.end')} mutationMode="pessimistic" redirect={false} />
            }
          />
        )}
      </Datagrid>
    </List>
  );
};

export const PromotionCreate = () => {
  const { permissions } = usePermissions<Permissions>();
  const kinds = useChoices('promotionKind', PROMOTION_KINDS);
  return (
    <Create redirect="list" transform={withOwnMerchant(permissions)}>
      <SimpleForm defaultValues={{ priority: 100, config: { kind: 'PERCENT_OFF' } }}>
        <TextInput source="name" validate={required()} />
        <MerchantInput />
        <SelectInput source="config.kind" choices={kinds} validate={required()} />
        <FormDataConsumer>
          {({ formData }) => {
            switch (formData.config?.kind) {
              case 'PERCENT_OFF':
                return <NumberInput source="config.discountPermille" validate={required()} />;
              case 'LEVEL_PRICE':
                return (
                  <>
                    <TextInput source="config.levelCode" validate={required()} />
                    <NumberInput source="config.discountPermille" validate={required()} />
                  </>
                );
              case 'MULTI_BUY':
                return (
                  <>
                    <NumberInput source="config.minQuantity" validate={required()} />
                    <MoneyInput source="config.amountOffFen" validate={required()} />
                  </>
                );
              case 'TIERED':
                return (
                  <ArrayInput source="config.tiers">
                    <SimpleFormIterator inline>
                      <MoneyInput source="minFen" validate={required()} />
                      <MoneyInput source="amountOffFen" validate={required()} />
                    </SimpleFormIterator>
                  </ArrayInput>
                );
              case 'BUNDLE':
                return <MoneyInput source="config.bundlePriceFen" validate={required()} />;
              default:
                return (
                  <>
                    <MoneyInput source="config.minFen" validate={required()} />
                    <SelectInput source="config.into" choices={[{ id: 'STORED_VALUE', name: 'STORED_VALUE' }, { id: 'POINTS', name: 'POINTS' }]} validate={required()} />
                    <NumberInput source="config.amount" validate={required()} />
                  </>
                );
            }
          }}
        </FormDataConsumer>
        <NumberInput source="priority" />
        <BooleanInput source="exclusive" />
        <DateTimeInput source="startsAt" />
        <DateTimeInput source="endsAt" />
      </SimpleForm>
    </Create>
  );
};
