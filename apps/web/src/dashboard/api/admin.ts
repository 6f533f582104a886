/**
 * Admin API (users, tablet tokens, driver codes; being built beside the dashboard). A secret is
 * returned once, at creation, and never listed again. A 404 means the API is not deployed yet.
 */
import type { StaffRole } from './auth';
import { del, get, patch, post } from './http';

export interface User {
  id: string;
  username: string;
  displayName?: string | null;
  role: StaffRole;
  disabled: boolean;
  createdAt?: string;
  lastLoginAt?: string | null;
}

export interface DeviceCredential {
  id: string;
  /** Vehicle of a tablet token, driver id of a driver code. */
  vehicleId?: string;
  driverId?: string;
  label?: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt?: string | null;
}

export type Created<T> = T & { secret: string };

const items = <T>(x: T[] | { items: T[] }): T[] => (Array.isArray(x) ? x : x.items);

export const listUsers = async (): Promise<User[]> => items(await get<User[] | { items: User[] }>('admin/users'));
export const createUser = (u: { username: string; displayName?: string; role: StaffRole; password: string }): Promise<User> => post('admin/users', u);
export const updateUser = (id: string, change: Partial<Pick<User, 'role' | 'disabled'>>): Promise<User> => patch(`admin/users/${encodeURIComponent(id)}`, change);

export type DeviceKind = 'tablet-tokens' | 'driver-codes';
export const listDevices = async (kind: DeviceKind): Promise<DeviceCredential[]> => items(await get<DeviceCredential[] | { items: DeviceCredential[] }>(`admin/${kind}`));
export const createDevice = (kind: DeviceKind, body: { vehicleId?: string; driverId?: string; label?: string }): Promise<Created<DeviceCredential>> => post(`admin/${kind}`, body);
export const revokeDevice = (kind: DeviceKind, id: string): Promise<void> => del(`admin/${kind}/${encodeURIComponent(id)}`);
