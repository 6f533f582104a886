export * from './backoff';
export * from './syncer';
export * from './send';
export * from './device';
