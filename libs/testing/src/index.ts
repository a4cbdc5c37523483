export * from './test-platform';
export * from './scratch-database';
export * from './gbk';
