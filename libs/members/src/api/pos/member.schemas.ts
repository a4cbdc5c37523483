/** JSON schema of MemberView for the OpenAPI document. */
export const memberViewJsonSchema = {
  type: 'object',
  required: ['id', 'phone', 'gender', 'registeredAt', 'registeredMerchantId'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    phone: { type: ['string', 'null'] },
    name: { type: ['string', 'null'] },
    gender: { type: 'string', enum: ['male', 'female', 'unknown'] },
    birthday: { type: ['string', 'null'], format: 'date' },
    externalId: { type: ['string', 'null'] },
    registeredAt: { type: 'string', format: 'date-time' },
    registeredMerchantId: { type: 'string', format: 'uuid' },
    registeredStoreId: { type: ['string', 'null'], format: 'uuid' },
  },
};
