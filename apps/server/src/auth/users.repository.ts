/** SQL of app_user. Only queries: the rules (last admin, password policy) are in the services. */
import { Injectable } from '@nestjs/common';
import type { PersonRole } from '@app/contract';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '../common/sql-rows';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  roles: PersonRole[];
  password_hash: string;
  disabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface NewUser {
  username: string;
  displayName: string;
  roles: readonly PersonRole[];
  passwordHash: string;
}

export interface UserChanges {
  displayName?: string;
  roles?: readonly PersonRole[];
  disabled?: boolean;
}

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(m?: EntityManager): DataSource | EntityManager {
    return m ?? this.dataSource;
  }

  async findByUsername(username: string, m?: EntityManager): Promise<UserRow | null> {
    const rows: UserRow[] = await this.db(m).query('SELECT * FROM app_user WHERE username = $1', [username]);
    return rows[0] ?? null;
  }

  async findById(id: string, m?: EntityManager): Promise<UserRow | null> {
    const rows: UserRow[] = await this.db(m).query('SELECT * FROM app_user WHERE id = $1', [id]);
    return rows[0] ?? null;
  }

  list(): Promise<UserRow[]> {
    return this.dataSource.query('SELECT * FROM app_user ORDER BY username');
  }

  /** null when the username is taken. */
  async insert(user: NewUser, m?: EntityManager): Promise<UserRow | null> {
    const rows: UserRow[] = await this.db(m).query(
      `INSERT INTO app_user (username, display_name, roles, password_hash) VALUES ($1, $2, $3::text[], $4)
       ON CONFLICT (username) DO NOTHING RETURNING *`,
      [user.username, user.displayName, user.roles, user.passwordHash],
    );
    return rows[0] ?? null;
  }

  async update(id: string, changes: UserChanges, m?: EntityManager): Promise<UserRow | null> {
    const rows = returnedRows<UserRow>(
      await this.db(m).query(
        `UPDATE app_user SET display_name = COALESCE($2, display_name), roles = COALESCE($3::text[], roles),
         disabled = COALESCE($4, disabled), updated_at = now()
       WHERE id = $1 RETURNING *`,
        [id, changes.displayName ?? null, changes.roles ?? null, changes.disabled ?? null],
      ),
    );
    return rows[0] ?? null;
  }

  async setPassword(id: string, passwordHash: string, m?: EntityManager): Promise<boolean> {
    const rows = returnedRows(
      await this.db(m).query('UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1 RETURNING 1', [id, passwordHash]),
    );
    return rows.length > 0;
  }

  /** Enabled users holding the admin role, other than `exceptId`. */
  async countEnabledAdmins(m?: EntityManager, exceptId?: string): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await this.db(m).query(
      `SELECT count(*)::int AS n FROM app_user WHERE 'admin' = ANY (roles) AND NOT disabled AND id IS DISTINCT FROM $1::uuid`,
      [exceptId ?? null],
    );
    return n;
  }
}
