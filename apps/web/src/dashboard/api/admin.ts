/**
 * Admin API (/api/v1/admin/users, /api/v1/admin/credentials; role admin). A credential's secret is
 * returned once, at creation, and never listed again (only its hash is stored).
 */
import type {
  CreatedCredential,
  CreateCredentialRequest,
  CreateUserRequest,
  CredentialKind,
  CredentialView,
  UpdateUserRequest,
  UserView,
} from './contract';
import { del, get, patch, post } from './http';

export const listUsers = (): Promise<UserView[]> => get('admin/users');
export const createUser = (u: CreateUserRequest): Promise<UserView> => post('admin/users', u);
export const updateUser = (id: string, change: UpdateUserRequest): Promise<UserView> =>
  patch(`admin/users/${encodeURIComponent(id)}`, change);
export const resetPassword = (id: string, password: string): Promise<void> =>
  post(`admin/users/${encodeURIComponent(id)}/password`, { password });

/** Active credentials of a kind (revoked: only the revoked ones). */
export const listCredentials = (kind: CredentialKind, revoked = false): Promise<CredentialView[]> =>
  get('admin/credentials', { kind, revoked });
export const createCredential = (body: CreateCredentialRequest): Promise<CreatedCredential> => post('admin/credentials', body);
export const revokeCredential = (id: string): Promise<CredentialView> => del(`admin/credentials/${encodeURIComponent(id)}`);
