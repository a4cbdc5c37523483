import { bootTestService, createTenant, gqlError, type TenantFixture, type TestPlatform } from '@loyalty/testing';
import { MembersServiceModule } from '../members-service.module';

/** The members service runs without insights: the member list says so for the filters insights answers. */
describe('member filters in the members service alone', () => {
  let service: TestPlatform;
  let tenant: TenantFixture;

  beforeAll(async () => {
    service = await bootTestService((options) => MembersServiceModule.forRoot(options), { EXPIRY_SWEEP_MS: '0' });
    tenant = await createTenant(service.app, { merchants: 1 });
  });
  afterAll(() => service?.close());

  it('refuses tag and RFM group filters with a stable code, and still filters by level (the programme runs here)', async () => {
    const MEMBERS = `query($filter: MemberFilter) { members(filter: $filter) { total } }`;
    const admin = tenant.merchants[0].adminToken;
    expect(await gqlError(service, admin, MEMBERS, { filter: { tagId: '5b0b4c8e-0d7e-4c3a-9f1e-2a6f3b9c1d00' } })).toEqual({ status: 400, code: 'MEMBER_FILTER_UNAVAILABLE' });
    expect(await gqlError(service, admin, MEMBERS, { filter: { rfmGroup: 'LOST' } })).toEqual({ status: 400, code: 'MEMBER_FILTER_UNAVAILABLE' });
    // Answered by the programme: no scheme is configured for this merchant.
    expect(await gqlError(service, admin, MEMBERS, { filter: { levelCode: 'GOLD' } })).toEqual({ status: 404, code: 'LEVEL_SCHEME_NOT_FOUND' });
  });
});
