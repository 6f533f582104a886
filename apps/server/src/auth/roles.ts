export const ROLES = ['engineer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What an authenticated staff request carries (req.principal). */
export interface Principal {
  role: Role;
  /** A short, non-secret label of the token (for logs), never the token. */
  label: string;
}

/** 'admin' may do everything 'engineer' may. */
export const grants = (held: Role, required: readonly Role[]): boolean => required.includes(held) || held === 'admin';
