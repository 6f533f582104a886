export * from './trial';
export * from './fleet';
export * from './line101';
export * from './gtfs';
export * from './vehicles';
export * from './energy-factors';
export * from './alert-rules';
export * from './lines';
