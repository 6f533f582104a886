/**
 * Administration (admin role): users (create, change role, disable) and the devices' credentials
 * (tablet tokens bound to a coach, drivers' personal codes: create — the secret is shown once —,
 * list, revoke), against the admin API. Where it is not deployed (404) the page says so.
 */
import { h } from '../../lib/dom';
import { createDevice, createUser, listDevices, listUsers, revokeDevice, updateUser, type DeviceCredential, type DeviceKind, type User } from '../api/admin';
import type { StaffRole } from '../api/auth';
import { ApiError } from '../api/http';
import { t } from '../i18n';
import { dateTime } from '../lib/format';
import { dataTable } from '../lib/table';
import { errorBox, fill, heading, section, unavailable, VEHICLES, type PageContext } from '../page';

const ROLES: StaffRole[] = ['engineer', 'policymaker', 'admin'];

export async function render(ctx: PageContext): Promise<void> {
  const users = h('div');
  const tablets = h('div');
  const drivers = h('div');
  ctx.main.append(heading(t('nav.admin'), t('admin.intro')), users, tablets, drivers);
  const reload = () => ctx.navigate(location.pathname, true);
  await Promise.all([
    fill(users, async () => usersView(await listUsers().catch(orMissing), reload)),
    fill(tablets, async () => devicesView('tablet-tokens', await listDevices('tablet-tokens').catch(orMissing), reload)),
    fill(drivers, async () => devicesView('driver-codes', await listDevices('driver-codes').catch(orMissing), reload)),
  ]);
}

const orMissing = (error: unknown): null => {
  if (error instanceof ApiError && error.missing) return null;
  throw error;
};

const roleSelect = (id: string, value: StaffRole, label: string): HTMLSelectElement =>
  h('select', { id, 'aria-label': label }, ...ROLES.map((r) => h('option', { value: r, selected: r === value }, t(`role.${r}`))));

function usersView(users: User[] | null, reload: () => void): Node {
  if (users === null) return section(t('admin.users'), unavailable(t('admin.users')));
  const error = h('div', { class: 'form-error', role: 'alert' });
  const table = dataTable<User>({
    caption: t('admin.usersCaption'),
    rows: users,
    columns: [
      { key: 'username', label: t('login.username'), value: (u) => u.username },
      { key: 'name', label: t('admin.displayName'), value: (u) => u.displayName ?? '' },
      {
        key: 'role', label: t('admin.role'), value: (u) => u.role, cell: (u) => {
          const s = roleSelect(`role-${u.id}`, u.role, t('admin.roleOf', { user: u.username }));
          s.addEventListener('change', () => void updateUser(u.id, { role: s.value as StaffRole }).then(reload, (e: unknown) => error.replaceChildren(errorBox(e))));
          return s;
        },
      },
      { key: 'last', label: t('admin.lastLogin'), value: (u) => u.lastLoginAt ?? '', cell: (u) => dateTime(u.lastLoginAt ?? null) },
      {
        key: 'state', label: t('admin.state'), value: (u) => (u.disabled ? 1 : 0), cell: (u) => {
          const b = h('button', { type: 'button', class: 'btn btn-quiet' }, u.disabled ? t('admin.enable') : t('admin.disable'));
          b.addEventListener('click', () => void updateUser(u.id, { disabled: !u.disabled }).then(reload, (e: unknown) => error.replaceChildren(errorBox(e))));
          return h('span', {}, `${u.disabled ? t('admin.disabled') : t('admin.active')} `, b);
        },
      },
    ],
  });
  const username = h('input', { id: 'new-username', required: true, autocomplete: 'off' });
  const name = h('input', { id: 'new-name', autocomplete: 'off' });
  const password = h('input', { id: 'new-password', type: 'password', required: true, autocomplete: 'new-password', minlength: 12 });
  const role = roleSelect('new-role', 'engineer', t('admin.role'));
  const form = h('form', { class: 'inline-form', 'data-form': 'user' },
    h('label', { for: 'new-username' }, t('login.username')), username,
    h('label', { for: 'new-name' }, t('admin.displayName')), name,
    h('label', { for: 'new-password' }, t('login.password')), password,
    h('label', { for: 'new-role' }, t('admin.role')), role,
    h('button', { type: 'submit', class: 'btn btn-primary' }, t('admin.createUser')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.replaceChildren();
    createUser({ username: username.value.trim(), displayName: name.value.trim() || undefined, password: password.value, role: role.value as StaffRole })
      .then(reload, (err: unknown) => error.replaceChildren(errorBox(err)));
  });
  return section(t('admin.users'), table, h('h3', {}, t('admin.newUser')), form, error);
}

function devicesView(kind: DeviceKind, rows: DeviceCredential[] | null, reload: () => void): Node {
  const title = kind === 'tablet-tokens' ? t('admin.tablets') : t('admin.drivers');
  if (rows === null) return section(title, unavailable(title));
  const error = h('div', { class: 'form-error', role: 'alert' });
  const secret = h('div', { class: 'secret', role: 'status' });
  const table = dataTable<DeviceCredential>({
    caption: title,
    rows,
    columns: [
      { key: 'who', label: kind === 'tablet-tokens' ? t('col.vehicle') : t('col.driver'), value: (d) => d.vehicleId ?? d.driverId ?? '' },
      { key: 'label', label: t('admin.label'), value: (d) => d.label ?? '' },
      { key: 'created', label: t('admin.created'), value: (d) => d.createdAt, cell: (d) => dateTime(d.createdAt) },
      { key: 'used', label: t('admin.lastUsed'), value: (d) => d.lastUsedAt ?? '', cell: (d) => dateTime(d.lastUsedAt ?? null) },
      {
        key: 'revoked', label: t('admin.state'), value: (d) => d.revokedAt ?? '', cell: (d) => {
          if (d.revokedAt) return `${t('admin.revoked')} ${dateTime(d.revokedAt)}`;
          const b = h('button', { type: 'button', class: 'btn btn-quiet', 'data-action': 'revoke' }, t('admin.revoke'));
          b.addEventListener('click', () => void revokeDevice(kind, d.id).then(reload, (e: unknown) => error.replaceChildren(errorBox(e))));
          return b;
        },
      },
    ],
  });
  const id = `new-${kind}`;
  const who = kind === 'tablet-tokens'
    ? h('select', { id: `${id}-who` }, ...VEHICLES.map((v) => h('option', { value: v }, v)))
    : h('input', { id: `${id}-who`, required: true, pattern: 'D-[0-9]{2,4}', placeholder: 'D-09' });
  const label = h('input', { id: `${id}-label` });
  const form = h('form', { class: 'inline-form', 'data-form': kind },
    h('label', { for: `${id}-who` }, kind === 'tablet-tokens' ? t('col.vehicle') : t('col.driver')), who,
    h('label', { for: `${id}-label` }, t('admin.label')), label,
    h('button', { type: 'submit', class: 'btn btn-primary' }, kind === 'tablet-tokens' ? t('admin.createToken') : t('admin.createCode')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.replaceChildren();
    const body = kind === 'tablet-tokens' ? { vehicleId: who.value } : { driverId: who.value.trim() };
    createDevice(kind, { ...body, label: label.value.trim() || undefined }).then((created) => {
      // Shown once: the server keeps only its digest.
      secret.replaceChildren(h('p', {}, t('admin.secretOnce')), h('code', { class: 'secret-value' }, created.secret));
    }, (err: unknown) => error.replaceChildren(errorBox(err)));
  });
  return section(title, table, form, error, secret);
}
