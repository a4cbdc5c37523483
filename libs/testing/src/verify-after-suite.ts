import { verifyDatabase } from '../../ledger/src/application/verify-ledger';

/** Every suite ends with the ledger's invariants checked over the whole test database. */
afterAll(async () => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const violations = await verifyDatabase(url);
  expect(violations).toEqual([]);
});
