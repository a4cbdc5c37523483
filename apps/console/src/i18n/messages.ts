/**
 * The console's own texts. Each key exists in both languages (a test checks that); resource and
 * field names follow react-admin's `resources.<name>.fields.<field>` convention.
 */
export const zhConsole = {
  resources: {
    alliances: { name: '商家联盟', fields: { name: '名称', timezone: '时区', createdAt: '创建时间' } },
    merchants: {
      name: '商家',
      fields: { name: '名称', industry: '行业', allianceId: '所属联盟', timezone: '时区', createdAt: '创建时间', 'settings.pointsExpiryMonths': '积分有效期（月）', 'settings.earnRule.pointsPerYuan': '每元积分' },
    },
    stores: { name: '门店', fields: { name: '名称', kind: '类型', merchantId: '商家', createdAt: '创建时间' } },
    staff: { name: '员工', fields: { name: '姓名', email: '邮箱', role: '角色', password: '初始密码', merchantId: '商家', storeId: '门店', allianceId: '联盟', createdAt: '创建时间' } },
    posKeys: { name: 'POS 密钥', fields: { name: '名称', prefix: '前缀', storeId: '门店', merchantId: '商家', createdAt: '创建时间', revokedAt: '吊销时间', key: '完整密钥' } },
    members: {
      name: '会员',
      fields: {
        q: '手机号或姓名', name: '姓名', phone: '手机号', gender: '性别', birthday: '生日', registeredAt: '注册时间', registeredMerchantId: '注册商家',
        registeredStoreId: '注册门店', externalId: '本店会员号', pointsBalance: '积分余额', pointsExpiringIn30Days: '30 天内到期', pointsOwed: '欠积分',
        storedValueBalanceFen: '储值余额', grossSpendFen: '累计消费', refundedFen: '累计退款', purchaseCount: '消费次数', lastPurchaseAt: '最近消费',
      },
    },
    transfers: { name: '积分流水', fields: { occurredAt: '发生时间', kind: '类型', phase: '状态', amount: '数量', asset: '资产', merchantId: '商家', storeId: '门店', reference: '单号' } },
    clearingSchemes: {
      name: '清算方案',
      fields: { name: '名称', operatorName: '运营方', participantKind: '参与方类型', schedule: '自动清算周期', timeZone: '时区', createdAt: '创建时间' },
    },
    contractTerms: {
      name: '合约条款',
      fields: {
        schemeId: '清算方案', participantId: '参与方', effectiveFrom: '生效日', effectiveTo: '失效日', issuePricePerPoint: '发分单价（分/积分）',
        redemptionRatePerPoint: '兑付单价（分/积分）', commissionBps: '佣金（基点）', breakageShareBps: '过期分成（基点）',
      },
    },
    clearingRuns: {
      name: '清算批次',
      fields: { schemeId: '清算方案', periodStart: '期间开始', periodEnd: '期间结束', trigger: '触发方式', totalFen: '合计', createdAt: '清算时间', positions: '净头寸' },
    },
    settlementStatements: {
      name: '结算单',
      fields: { partyName: '结算方', schemeName: '清算方案', periodStart: '期间开始', periodEnd: '期间结束', status: '状态', netFen: '净额', issuedAt: '出单时间', runId: '清算批次' },
    },
  },
  console: {
    title: '会员管理系统',
    language: '语言',
    role: { PLATFORM_ADMIN: '平台管理员', ALLIANCE_OPERATOR: '联盟运营', MERCHANT_ADMIN: '商家管理员', STORE_STAFF: '门店店员' },
    storeKind: { direct: '直营', franchise: '加盟' },
    participantKind: { merchant: '联盟商家', store: '连锁门店' },
    schedule: { daily: '每日', weekly: '每周', monthly: '每月', none: '仅手动' },
    gender: { male: '男', female: '女', unknown: '未知' },
    status: { draft: '草稿', issued: '已出单', partially_paid: '部分付款', paid: '已付款', reconciled: '已对账', disputed: '争议中' },
    item: { ISSUANCE: '发分', ISSUANCE_REVERSAL: '发分冲回', REDEMPTION: '兑付', COMMISSION: '佣金', BREAKAGE: '过期分成', NET: '净额' },
    transferKind: { EARN: '消费积分', REDEEM: '积分抵扣', REVERSAL: '退款冲回', REVERSAL_DEBT: '冲回欠分', CLAWBACK: '退货扣回', DEBT_SETTLEMENT: '欠分抵还', EXPIRY: '积分过期' },
    dashboard: {
      welcome: '欢迎，%{name}', positions: '最近一次清算的净头寸（元）', noRun: '还没有清算批次。', points: '积分发放 / 兑换 / 过期',
      issued: '发放', redeemed: '兑换', expired: '过期', reversed: '冲回', net: '净额', run: '清算批次 %{start} – %{end}（%{scheme}）',
      members: '会员总数', clerkHint: '按手机号搜索会员，或登记新会员。',
    },
    member: { summary: '概况', ledger: '积分流水', accounts: '账户与到期', expiring: '30 天内到期积分', history: '最近流水', noLots: '积分批次明细接口尚未提供；此处显示账户余额。' },
    posKey: { once: '请立即把完整密钥配置到收银系统：它只显示这一次。', revoke: '吊销' },
    run: { run: '执行清算', issue: '生成结算单', issued: '已生成 %{smart_count} 张结算单', positions: '各方净头寸', lines: '明细', help: '期间按方案时区的本地日期，结束日不含。' },
    statement: {
      instruction: '付款指令', payer: '付款方', payee: '收款方', amount: '应付', confirmed: '已确认', outstanding: '未付', confirmPayment: '确认收付款',
      reference: '银行流水号', paidAt: '付款时间', dispute: '提出争议', reason: '理由', reconcile: '对账完成', resolve: '解决争议', resolution: '处理结果',
      exportCsv: '导出 CSV', exportJson: '导出 JSON', disputes: '争议', lines: '明细', confirmedDone: '已确认付款', points: '积分', adjustment: '跨期调整',
    },
    error: { forbidden: '无权执行此操作' },
  },
};

type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

export const enConsole: Messages<typeof zhConsole> = {
  resources: {
    alliances: { name: 'Alliances', fields: { name: 'Name', timezone: 'Time zone', createdAt: 'Created' } },
    merchants: {
      name: 'Merchants',
      fields: { name: 'Name', industry: 'Industry', allianceId: 'Alliance', timezone: 'Time zone', createdAt: 'Created', 'settings.pointsExpiryMonths': 'Points expire after (months)', 'settings.earnRule.pointsPerYuan': 'Points per yuan' },
    },
    stores: { name: 'Stores', fields: { name: 'Name', kind: 'Kind', merchantId: 'Merchant', createdAt: 'Created' } },
    staff: { name: 'Staff', fields: { name: 'Name', email: 'Email', role: 'Role', password: 'Initial password', merchantId: 'Merchant', storeId: 'Store', allianceId: 'Alliance', createdAt: 'Created' } },
    posKeys: { name: 'POS keys', fields: { name: 'Name', prefix: 'Prefix', storeId: 'Store', merchantId: 'Merchant', createdAt: 'Created', revokedAt: 'Revoked', key: 'Full key' } },
    members: {
      name: 'Members',
      fields: {
        q: 'Phone or name', name: 'Name', phone: 'Phone', gender: 'Gender', birthday: 'Birthday', registeredAt: 'Registered', registeredMerchantId: 'Registered at merchant',
        registeredStoreId: 'Registered at store', externalId: 'Customer number', pointsBalance: 'Points balance', pointsExpiringIn30Days: 'Expiring in 30 days', pointsOwed: 'Points owed',
        storedValueBalanceFen: 'Stored value', grossSpendFen: 'Total spend', refundedFen: 'Refunded', purchaseCount: 'Purchases', lastPurchaseAt: 'Last purchase',
      },
    },
    transfers: { name: 'Points history', fields: { occurredAt: 'Occurred', kind: 'Kind', phase: 'Phase', amount: 'Amount', asset: 'Asset', merchantId: 'Merchant', storeId: 'Store', reference: 'Reference' } },
    clearingSchemes: {
      name: 'Clearing schemes',
      fields: { name: 'Name', operatorName: 'Operator', participantKind: 'Participants', schedule: 'Automatic schedule', timeZone: 'Time zone', createdAt: 'Created' },
    },
    contractTerms: {
      name: 'Contract terms',
      fields: {
        schemeId: 'Scheme', participantId: 'Participant', effectiveFrom: 'Effective from', effectiveTo: 'Effective to', issuePricePerPoint: 'Issue price (分/point)',
        redemptionRatePerPoint: 'Redemption rate (分/point)', commissionBps: 'Commission (bps)', breakageShareBps: 'Breakage share (bps)',
      },
    },
    clearingRuns: {
      name: 'Clearing runs',
      fields: { schemeId: 'Scheme', periodStart: 'Period start', periodEnd: 'Period end', trigger: 'Trigger', totalFen: 'Total', createdAt: 'Cleared at', positions: 'Net positions' },
    },
    settlementStatements: {
      name: 'Settlement statements',
      fields: { partyName: 'Party', schemeName: 'Scheme', periodStart: 'Period start', periodEnd: 'Period end', status: 'Status', netFen: 'Net', issuedAt: 'Issued', runId: 'Clearing run' },
    },
  },
  console: {
    title: 'Loyalty console',
    language: 'Language',
    role: { PLATFORM_ADMIN: 'Platform admin', ALLIANCE_OPERATOR: 'Alliance operator', MERCHANT_ADMIN: 'Merchant admin', STORE_STAFF: 'Store clerk' },
    storeKind: { direct: 'Direct', franchise: 'Franchise' },
    participantKind: { merchant: 'Alliance merchants', store: 'Chain stores' },
    schedule: { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly', none: 'On demand only' },
    gender: { male: 'Male', female: 'Female', unknown: 'Unknown' },
    status: { draft: 'Draft', issued: 'Issued', partially_paid: 'Partially paid', paid: 'Paid', reconciled: 'Reconciled', disputed: 'Disputed' },
    item: { ISSUANCE: 'Issuance', ISSUANCE_REVERSAL: 'Issuance reversal', REDEMPTION: 'Redemption', COMMISSION: 'Commission', BREAKAGE: 'Breakage', NET: 'Net' },
    transferKind: { EARN: 'Earned', REDEEM: 'Redeemed', REVERSAL: 'Refund reversal', REVERSAL_DEBT: 'Reversal debt', CLAWBACK: 'Return claw-back', DEBT_SETTLEMENT: 'Debt settled', EXPIRY: 'Expired' },
    dashboard: {
      welcome: 'Welcome, %{name}', positions: 'Net positions of the latest clearing run (¥)', noRun: 'No clearing run yet.', points: 'Points issued / redeemed / expired',
      issued: 'Issued', redeemed: 'Redeemed', expired: 'Expired', reversed: 'Reversed', net: 'Net', run: 'Run %{start} – %{end} (%{scheme})',
      members: 'Members', clerkHint: 'Search a member by phone, or register a new one.',
    },
    member: { summary: 'Summary', ledger: 'Points history', accounts: 'Accounts and expiry', expiring: 'Points expiring in 30 days', history: 'Recent history', noLots: 'The API does not list point lots yet; account balances are shown here.' },
    posKey: { once: 'Put the full key into the till now: it is shown this once.', revoke: 'Revoke' },
    run: { run: 'Run clearing', issue: 'Issue statements', issued: '%{smart_count} statements issued', positions: 'Net positions', lines: 'Lines', help: 'Local dates in the scheme’s time zone; the end date is exclusive.' },
    statement: {
      instruction: 'Payment instruction', payer: 'Payer', payee: 'Payee', amount: 'Amount', confirmed: 'Confirmed', outstanding: 'Outstanding', confirmPayment: 'Confirm payment',
      reference: 'Bank reference', paidAt: 'Paid at', dispute: 'Dispute', reason: 'Reason', reconcile: 'Reconcile', resolve: 'Resolve dispute', resolution: 'Resolution',
      exportCsv: 'Export CSV', exportJson: 'Export JSON', disputes: 'Disputes', lines: 'Lines', confirmedDone: 'Payment confirmed', points: 'Points', adjustment: 'Adjustment',
    },
    error: { forbidden: 'You may not do this' },
  },
};
