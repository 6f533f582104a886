export const ROLES = ['engineer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** 'admin' may do everything 'engineer' may. */
export const grants = (held: Role, required: readonly Role[]): boolean => required.includes(held) || held === 'admin';
