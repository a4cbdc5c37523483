export * from './request-context';
export * from './errors';
export * from './ids';
export * from './money';
export * from './validation';
export * from './config';
export * from './graphql-scalars';
export * from './graphql-paging';
