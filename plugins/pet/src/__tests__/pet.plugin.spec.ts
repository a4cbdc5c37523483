import { join } from 'node:path';
import {
  bootPluginTestPlatform,
  createTenant,
  deliverNotifications,
  enablePlugin,
  gql,
  gqlData,
  gqlError,
  idemKey,
  pluginPosPost,
  posPost,
  runPluginJob,
  sentNotifications,
  settleOutbox,
  systemQuery,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/plugin-sdk/testing';

const SET_TEMPLATE = 'mutation($input: NotificationTemplateInput!) { setNotificationTemplate(input: $input) { trigger } }';
const PET = 'id memberId name species breed sex birthday neutered weightGrams weighedOn vaccinations { vaccine givenOn nextDueOn reminderStatus } services { kind orderNo amountFen }';

/**
 * The pet plugin (宠物店) on the real platform and PostgreSQL: merchant 0 has it on, merchant 1
 * (same alliance) does not. The merchants' own rule earns 1 point per 元; Asia/Shanghai.
 */
describe('pet plugin', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  const [on, off] = [0, 1];
  const owner = { phone: uniquePhone(), id: '' };
  let doudou: string; // 豆豆, the owner's dog
  let mimi: string; // 咪咪, the owner's cat

  const pos = (path: string, body: Record<string, unknown>, key?: string, merchant = on) => pluginPosPost(platform, tenant.merchants[merchant].posKeys[0], 'pet', path, body, key);
  const admin = (merchant = on) => tenant.merchants[merchant].adminToken;
  /** This spec's merchants: the jobs run for them only (the test database is shared). */
  const merchants = () => tenant.merchants.map((m) => m.merchant.id);
  const events = (type: string, memberId: string) =>
    systemQuery<{ payload: Record<string, unknown> }>(platform, 'select payload from outbox_event where type = ? and key = ? order by created_at', [type, memberId]).then((rows) =>
      rows.map((r) => r.payload),
    );

  beforeAll(async () => {
    platform = await bootPluginTestPlatform([join(__dirname, '..', 'index.ts')], { OUTBOX_POLL_MS: '60000' });
    tenant = await createTenant(platform.app, { merchants: 2 });
    await settleOutbox(platform); // notifications learns the merchants
    owner.id = (await posPost(platform, tenant.merchants[on].posKeys[0], '/members', { phone: owner.phone, name: '王女士' })).body.id;
    await enablePlugin(platform, admin(), 'pet');
    const dog = await pos('pets', { phone: owner.phone, name: '豆豆', species: 'dog', breed: '柯基', sex: 'male', birthday: '2022-07-15', weightGrams: 11_800 });
    expect(dog.status).toBe(201);
    doudou = dog.body.id;
    mimi = (await gqlData(platform, admin(), `mutation($m: UUID!, $i: PetInput!) { registerPet(memberId: $m, input: $i) { id } }`, { m: owner.id, i: { name: '咪咪', species: 'cat' } })).registerPet.id;
  });
  afterAll(() => platform?.close());

  describe('pets', () => {
    it('keeps a member’s pets with their weighings and vaccinations, on the member page too', async () => {
      const WEIGH = 'mutation($p: UUID!, $g: Int!, $on: String) { recordPetWeighing(petId: $p, weightGrams: $g, weighedOn: $on) { weightGrams } }';
      // Today's weighing is the latest; one entered afterwards for an earlier day does not replace it.
      expect((await gqlData(platform, admin(), WEIGH, { p: doudou, g: 12_100 })).recordPetWeighing.weightGrams).toBe(12_100);
      expect((await gqlData(platform, admin(), WEIGH, { p: doudou, g: 9_000, on: '2026-03-01' })).recordPetWeighing.weightGrams).toBe(12_100);
      const { pets } = await gqlData(platform, admin(), `query($m: UUID!) { pets(memberId: $m) { ${PET} } }`, { m: owner.id });
      expect(pets).toEqual([
        expect.objectContaining({ id: doudou, name: '豆豆', species: 'dog', breed: '柯基', sex: 'male', birthday: '2022-07-15', weightGrams: 12_100, weighedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }),
        expect.objectContaining({ id: mimi, name: '咪咪', species: 'cat', sex: 'unknown', birthday: null, weightGrams: null }),
      ]);
      const profile = await gqlData(platform, admin(), `{ member(id: "${owner.id}") { member { pets { name } } } }`);
      expect(profile.member.member.pets).toEqual([{ name: '豆豆' }, { name: '咪咪' }]);
    });

    it('refuses bad pets with a code, writing nothing', async () => {
      const before = await systemQuery(platform, 'select id from pet_pet where member_id = ?', [owner.id]);
      expect([(await pos('pets', { phone: owner.phone, name: '龙', species: 'dragon' })).status]).toEqual([400]);
      expect((await pos('pets', { phone: owner.phone, name: '小白', species: 'dog', birthday: '2026-02-30' })).body.code).toBe('VALIDATION_FAILED');
      expect((await pos('pets', { phone: owner.phone, name: '小白', species: 'dog', birthday: '2099-01-01' })).body.details).toEqual([expect.objectContaining({ path: 'birthday' })]);
      expect((await pos('pets', { phone: uniquePhone(), name: '小白', species: 'dog' })).body.code).toBe('MEMBER_NOT_FOUND');
      expect(await gqlError(platform, admin(), 'mutation { recordPetWeighing(petId: "00000000-0000-4000-8000-000000000000", weightGrams: 100) { id } }')).toEqual({ status: 404, code: 'PET_NOT_FOUND' });
      expect(await gqlError(platform, admin(), `mutation { recordPetWeighing(petId: "${doudou}", weightGrams: 0) { id } }`)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await systemQuery(platform, 'select id from pet_pet where member_id = ?', [owner.id])).toEqual(before);
    });
  });

  describe('services and follow-ups', () => {
    // 01:30 on 31 March in Shanghai (17:30 UTC on the 30th): "call back in 3 days" is 3 April there.
    const performedAt = '2026-03-30T17:30:00.000Z';

    it('records a paid service as a purchase, its follow-up a staff task due on the merchant’s day', async () => {
      const res = await pos('services', { petId: doudou, kind: 'medical', orderNo: 'P-1', amountFen: 128_00, performedAt, notes: '结膜炎，开眼药膏', followUp: { inDays: 3, note: '眼药膏用后回访' } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ petId: doudou, memberId: owner.id, kind: 'medical', amountFen: 128_00, pointsEarned: 128, followUp: { dueOn: '2026-04-03', note: '眼药膏用后回访' } });
      expect(res.body.purchaseId).toEqual(expect.any(String));
      const tasks = await gqlData(platform, admin(), '{ petFollowUpTasks(status: "open") { id petId petName dueOn note announcedAt } }');
      expect(tasks.petFollowUpTasks).toEqual([{ id: res.body.followUp.taskId, petId: doudou, petName: '豆豆', dueOn: '2026-04-03', note: '眼药膏用后回访', announcedAt: null }]);
    });

    it('reminds the staff on the follow-up’s day, not a day early, and once', async () => {
      await gqlData(platform, admin(), 'mutation { setNotificationSettings(input: { staffEmail: "shop@example.com" }) { staffEmail } }');
      await gqlData(platform, admin(), SET_TEMPLATE, { input: { trigger: 'pet_follow_up', channel: 'email', body: '请回访{{memberName}}（{{memberPhone}}）：{{petName}} {{note}}' } });
      await runPluginJob(platform, 'pet', 'follow-ups', new Date('2026-04-02T15:59:00.000Z'), merchants()); // 23:59 on the 2nd in Shanghai
      expect(await events('pet.follow-up-due.v1', owner.id)).toEqual([]);
      await runPluginJob(platform, 'pet', 'follow-ups', new Date('2026-04-02T16:00:00.000Z'), merchants()); // midnight: the 3rd
      await runPluginJob(platform, 'pet', 'follow-ups', new Date('2026-04-03T05:00:00.000Z'), merchants());
      expect(await events('pet.follow-up-due.v1', owner.id)).toEqual([expect.objectContaining({ petName: '豆豆', dueOn: '2026-04-03', memberName: '王女士', memberPhone: owner.phone })]);
      await settleOutbox(platform);
      const merchantIds = [tenant.merchants[on].merchant.id];
      const before = sentNotifications(platform, 'email').length;
      expect(await deliverNotifications(platform, new Date('2026-04-03T01:59:00.000Z'), merchantIds)).toBe(0);
      expect(await deliverNotifications(platform, new Date('2026-04-03T02:00:00.000Z'), merchantIds)).toBe(1); // 10:00 in Shanghai
      expect(sentNotifications(platform, 'email').slice(before)).toEqual([
        expect.objectContaining({ recipient: 'shop@example.com', trigger: 'pet_follow_up', body: `请回访王女士（${owner.phone}）：豆豆 眼药膏用后回访` }),
      ]);
    });

    it('closes a task once, with its outcome', async () => {
      const [{ id }] = (await gqlData(platform, admin(), '{ petFollowUpTasks(status: "open", dueBy: "2026-04-03") { id } }')).petFollowUpTasks;
      const CLOSE = 'mutation($id: UUID!) { closePetFollowUpTask(id: $id, status: "done", outcome: "已好转") { status outcome } }';
      expect((await gqlData(platform, admin(), CLOSE, { id })).closePetFollowUpTask).toEqual({ status: 'done', outcome: '已好转' });
      expect(await gqlError(platform, admin(), CLOSE, { id })).toEqual({ status: 422, code: 'PET_FOLLOW_UP_CLOSED' });
    });

    it('answers a replay with its first answer; another body under the key is a conflict; bad services are refused, writing nothing', async () => {
      const key = idemKey();
      const body = { petId: mimi, kind: 'grooming', orderNo: 'P-2', amountFen: 0 };
      const first = await pos('services', body, key);
      expect([first.status, first.body.purchaseId, first.body.followUp]).toEqual([201, null, null]);
      expect((await pos('services', body, key)).body).toEqual(first.body);
      expect([(await pos('services', { ...body, amountFen: 1 }, key)).body.code]).toEqual(['IDEMPOTENCY_CONFLICT']);
      const taken = await pos('services', { ...body, kind: 'boarding' });
      expect([taken.status, taken.body.code]).toEqual([409, 'PET_SERVICE_ORDER_TAKEN']);
      expect((await pos('services', { petId: '00000000-0000-4000-8000-000000000000', kind: 'grooming', orderNo: 'P-3', amountFen: 0 })).body.code).toBe('PET_NOT_FOUND');
      const both = await pos('services', { petId: mimi, kind: 'grooming', orderNo: 'P-4', amountFen: 0, followUp: { on: '2026-05-01', inDays: 2, note: 'x' } });
      expect([both.status, both.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(await systemQuery(platform, "select order_no from pet_service where order_no in ('P-2', 'P-3', 'P-4') and merchant_id = ?", [tenant.merchants[on].merchant.id])).toEqual([
        { order_no: 'P-2' },
      ]);
    });
  });

  describe('per-pet visit cards', () => {
    it('sells a card for one pet and uses it for that pet only', async () => {
      const product = await gqlData(platform, admin(), 'mutation($i: VisitCardProductInput!) { createVisitCardProduct(input: $i) { id } }', {
        i: { merchantId: tenant.merchants[on].merchant.id, name: '洗澡10次卡', service: '洗澡', priceFen: 500_00, uses: 10, validDays: 365 },
      });
      const sold = await pos('visit-cards', { petId: doudou, productId: product.createVisitCardProduct.id, orderNo: 'VC-1' });
      expect(sold.status).toBe(201);
      expect(sold.body).toMatchObject({ petId: doudou, memberId: owner.id, usesLeft: 10, priceFen: 500_00, cashDueFen: 500_00 });
      const used = await pos('visit-card-uses', { petId: doudou, cardId: sold.body.cardId });
      expect([used.status, used.body.usesLeft]).toEqual([201, 9]);
      const other = await pos('visit-card-uses', { petId: mimi, cardId: sold.body.cardId });
      expect([other.status, other.body.code]).toEqual([422, 'PET_VISIT_CARD_OTHER_PET']);
      expect((await pos('visit-card-uses', { petId: doudou, cardId: sold.body.cardId })).body.usesLeft).toBe(8);
      // Not another member's pet either.
      const neighbour = uniquePhone();
      await posPost(platform, tenant.merchants[on].posKeys[0], '/members', { phone: neighbour });
      const stranger = (await pos('pets', { phone: neighbour, name: '旺财', species: 'dog' })).body.id;
      expect((await pos('visit-card-uses', { petId: stranger, cardId: sold.body.cardId })).body.code).toBe('PET_VISIT_CARD_OTHER_PET');
      expect((await pos('visit-card-uses', { petId: doudou, cardId: sold.body.cardId })).body.usesLeft).toBe(7);
      // A card the core sold the owner (for no pet) serves each of the owner's pets, and no one else's; the refused use takes nothing off it.
      const shared = await posPost(platform, tenant.merchants[on].posKeys[0], '/visit-cards', { memberId: owner.id, productId: product.createVisitCardProduct.id, orderNo: 'VC-2' });
      expect((await pos('visit-card-uses', { petId: mimi, cardId: shared.body.cardId })).body.usesLeft).toBe(9);
      const refused = await pos('visit-card-uses', { petId: stranger, cardId: shared.body.cardId });
      expect([refused.status, refused.body.code]).toEqual([422, 'PET_VISIT_CARD_OTHER_MEMBER']);
      expect((await pos('visit-card-uses', { petId: doudou, cardId: shared.body.cardId })).body.usesLeft).toBe(8);
    });
  });

  describe('vaccinations', () => {
    const VACCINATE = 'mutation($p: UUID!, $g: String!, $n: String) { recordPetVaccination(petId: $p, vaccine: "狂犬疫苗", givenOn: $g, nextDueOn: $n) { vaccinations { givenOn reminderStatus } } }';

    it('reminds the member a week before the next is due, at 10:00 on that day, once; a later one supersedes the earlier reminder', async () => {
      await gqlData(platform, admin(), SET_TEMPLATE, { input: { trigger: 'pet_vaccination', channel: 'sms', body: '{{petName}}的{{vaccine}}将于{{dueOn}}到期' } });
      await gqlData(platform, admin(), VACCINATE, { p: mimi, g: '2026-08-01', n: '2026-09-01' });
      const { recordPetVaccination } = await gqlData(platform, admin(), VACCINATE, { p: mimi, g: '2026-08-20', n: '2027-08-20' });
      expect(recordPetVaccination.vaccinations).toEqual([
        { givenOn: '2026-08-20', reminderStatus: 'pending' },
        { givenOn: '2026-08-01', reminderStatus: 'superseded' },
      ]);
      await runPluginJob(platform, 'pet', 'vaccination-reminders', new Date('2026-08-30T00:00:00.000Z'), merchants());
      expect(await events('pet.vaccination-due.v1', owner.id)).toEqual([]);
      await runPluginJob(platform, 'pet', 'vaccination-reminders', new Date('2027-08-12T15:59:00.000Z'), merchants()); // 23:59 on the 12th
      expect(await events('pet.vaccination-due.v1', owner.id)).toEqual([]);
      await runPluginJob(platform, 'pet', 'vaccination-reminders', new Date('2027-08-12T16:00:00.000Z'), merchants()); // the 13th: a week ahead
      await runPluginJob(platform, 'pet', 'vaccination-reminders', new Date('2027-08-14T16:00:00.000Z'), merchants());
      expect(await events('pet.vaccination-due.v1', owner.id)).toEqual([expect.objectContaining({ petName: '咪咪', vaccine: '狂犬疫苗', dueOn: '2027-08-20', remindOn: '2027-08-13' })]);
      await settleOutbox(platform);
      const before = sentNotifications(platform, 'sms').length;
      expect(await deliverNotifications(platform, new Date('2027-08-13T02:00:00.000Z'), [tenant.merchants[on].merchant.id])).toBe(1);
      expect(sentNotifications(platform, 'sms').slice(before)).toEqual([expect.objectContaining({ recipient: owner.phone, body: '咪咪的狂犬疫苗将于2027-08-20到期' })]);
    });
  });

  describe('birthday gifts', () => {
    it('gives the settings’ coupon on the pet’s birthday in the merchant’s calendar, once a year, and greets the member', async () => {
      const template = await gqlData(platform, admin(), 'mutation($i: CouponTemplateInput!) { createCouponTemplate(input: $i) { id } }', {
        i: { merchantId: tenant.merchants[on].merchant.id, name: '宠物生日券', kind: 'FIXED', amountOffFen: 20_00, validDays: 30 },
      });
      await enablePlugin(platform, admin(), 'pet', { settings: { birthdayCouponTemplateId: template.createCouponTemplate.id } });
      await gqlData(platform, admin(), SET_TEMPLATE, { input: { trigger: 'pet_birthday', channel: 'sms', body: '{{petName}}{{age}}岁生日快乐！{{gift}}' } });
      const coupons = async () => (await gqlData(platform, admin(), `{ memberCoupons(memberId: "${owner.id}") { total } }`)).memberCoupons.total;

      await runPluginJob(platform, 'pet', 'birthday-gifts', new Date('2026-07-14T15:59:00.000Z'), merchants());
      expect(await coupons()).toBe(0);
      await runPluginJob(platform, 'pet', 'birthday-gifts', new Date('2026-07-14T16:00:00.000Z'), merchants()); // 15 July in Shanghai
      await runPluginJob(platform, 'pet', 'birthday-gifts', new Date('2026-07-16T03:00:00.000Z'), merchants());
      expect(await coupons()).toBe(1);
      expect(await events('pet.birthday.v1', owner.id)).toEqual([expect.objectContaining({ petName: '豆豆', birthdayOn: '2026-07-15', age: 4, couponId: expect.any(String) })]);
      await settleOutbox(platform);
      const before = sentNotifications(platform, 'sms').length;
      expect(await deliverNotifications(platform, new Date('2026-07-15T02:00:00.000Z'), [tenant.merchants[on].merchant.id])).toBe(1);
      expect(sentNotifications(platform, 'sms').slice(before)).toEqual([expect.objectContaining({ recipient: owner.phone, body: '豆豆4岁生日快乐！生日礼券已放入您的账户' })]);
    });
  });

  describe('a pet that left', () => {
    it('stays in the records, its open follow-ups cancelled, with no more services, reminders nor gifts', async () => {
      const xiaohei = (await pos('pets', { memberId: owner.id, name: '小黑', species: 'dog', birthday: '2021-07-20' })).body.id;
      const service = await pos('services', { petId: xiaohei, kind: 'grooming', orderNo: 'A-1', amountFen: 0, followUp: { inDays: 7, note: '复查皮肤' } });
      const ARCHIVE = 'mutation($id: UUID!) { archivePet(id: $id, reason: "走失") { archivedAt archivedReason } }';
      expect((await gqlData(platform, admin(), ARCHIVE, { id: xiaohei })).archivePet).toEqual({ archivedAt: expect.any(String), archivedReason: '走失' });
      const [task] = await systemQuery<{ status: string }>(platform, 'select status from pet_follow_up where id = ?', [service.body.followUp.taskId]);
      expect(task.status).toBe('cancelled');
      const refused = await pos('services', { petId: xiaohei, kind: 'grooming', orderNo: 'A-2', amountFen: 0 });
      expect([refused.status, refused.body.code]).toEqual([422, 'PET_ARCHIVED']);
      expect(await gqlError(platform, admin(), ARCHIVE, { id: xiaohei })).toEqual({ status: 422, code: 'PET_ARCHIVED' });
      await runPluginJob(platform, 'pet', 'birthday-gifts', new Date('2026-07-19T16:00:00.000Z'), merchants()); // 20 July in Shanghai
      expect((await events('pet.birthday.v1', owner.id)).map((e) => e.petName)).not.toContain('小黑');
    });
  });

  describe('enabled per merchant', () => {
    it('does nothing for the merchant that has it off', async () => {
      const res = await pos('pets', { phone: owner.phone, name: '豆豆', species: 'dog' }, undefined, off);
      expect([res.status, res.body.code]).toEqual([403, 'PLUGIN_NOT_ENABLED']);
      expect(await gqlError(platform, admin(off), `query { pets(memberId: "${owner.id}") { id } }`)).toEqual({ status: 403, code: 'PLUGIN_NOT_ENABLED' });
      const profile = await gql(platform, admin(off), `{ member(id: "${owner.id}") { member { pets { name } } } }`);
      expect(profile.body.data.member.member.pets).toBeNull();
    });
  });
});
