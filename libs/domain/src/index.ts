export * from './gas';
export * from './iso2631';
export * from './statistics';
export * from './fuel';
export * from './kpi';
export * from './trips';
export * from './vehicle-day';
export * from './alerts';
