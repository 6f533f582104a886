export * from './topics';
export * from './payloads';
export * from './validate';
export * from './fixtures';
export * from './feedback';
export * from './analytics';
export * from './completeness';
export * from './errors';
