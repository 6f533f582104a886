/**
 * The rules of managing users: usernames are unique; a password reset or a disabled account ends
 * the user's sessions at once; no change may leave the deployment without an enabled admin (409
 * `last_admin`), checked under one advisory lock so that two admins demoting each other at the same
 * moment cannot both succeed.
 */
import { Injectable } from '@nestjs/common';
import type { CreateUserRequest, UpdateUserRequest, UserView } from '@app/contract';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher';
import { SessionService } from '../auth/session.service';
import { UsersRepository } from '../auth/users.repository';
import { advisoryXactLock } from '../common/advisory-lock';
import { ApiException } from '../common/api-error';
import { userView } from './views';

const notFound = () => new ApiException(404, 'not_found', 'no such user');

@Injectable()
export class AdminUsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
  ) {}

  async list(): Promise<UserView[]> {
    return (await this.users.list()).map(userView);
  }

  async create(input: CreateUserRequest): Promise<UserView> {
    const passwordHash = await this.hasher.hash(input.password);
    const row = await this.users.insert({ username: input.username, displayName: input.displayName, roles: input.roles, passwordHash });
    if (!row)
      throw new ApiException(409, 'username_taken', `a user named "${input.username}" exists`, [
        { path: 'username', code: 'username_taken', message: 'taken' },
      ]);
    return userView(row);
  }

  async update(id: string, changes: UpdateUserRequest): Promise<UserView> {
    const row = await this.dataSource.transaction(async (m) => {
      await advisoryXactLock(m, 'auth.admins');
      const user = await this.users.findById(id, m);
      if (!user) throw notFound();
      const staysAdmin = (changes.roles ?? user.roles).includes('admin') && !(changes.disabled ?? user.disabled);
      if (!staysAdmin && (await this.users.countEnabledAdmins(m, id)) === 0) {
        throw new ApiException(409, 'last_admin', 'this is the last enabled admin: give another user the admin role first');
      }
      return this.users.update(id, changes, m);
    });
    if (!row) throw notFound();
    if (row.disabled) await this.sessions.closeAllOf(id);
    return userView(row);
  }

  async resetPassword(id: string, password: string): Promise<void> {
    if (!(await this.users.setPassword(id, await this.hasher.hash(password)))) throw notFound();
    await this.sessions.closeAllOf(id);
  }
}
