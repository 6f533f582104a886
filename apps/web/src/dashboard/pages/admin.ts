/**
 * Administration (admin role), against the admin API: users (create with one or more roles,
 * change roles, disable or re-enable, set a new password) and credentials — tablet tokens bound to
 * a coach, drivers' personal codes, API tokens of one role: create (the secret is shown once, the
 * server keeps only its hash), list, revoke (refused from the very next request on). Every change
 * takes effect without a restart. Validation is the server's (libs/contract schemas); its field
 * errors are shown beside the form.
 */
import { PASSWORD_MIN_CHARS, PERSON_ROLES } from '../../../../../libs/contract/src/permissions';
import { h } from '../../lib/dom';
import { createCredential, createUser, listCredentials, listUsers, resetPassword, revokeCredential, updateUser } from '../api/admin';
import type { CreateCredentialRequest, CredentialKind, CredentialView, PersonRole, UserView } from '../api/contract';
import { t } from '../i18n';
import { dateTime } from '../lib/format';
import { dataTable } from '../lib/table';
import { errorBox, fill, heading, section, vehicleIds, type PageContext } from '../page';

export async function render(ctx: PageContext): Promise<void> {
  const users = usersSection();
  const kinds: CredentialKind[] = ['tablet', 'driver', 'service'];
  const vehicles = await vehicleIds(ctx);
  const creds = kinds.map((k) => credentialsSection(k, vehicles));
  ctx.main.append(heading(t('nav.admin'), t('admin.intro')), users.element, ...creds.map((c) => c.element));
  await Promise.all([users.load(), ...creds.map((c) => c.load())]);
}

const roleName = (r: PersonRole) => t(`role.${r}`);

/** One checkbox per role, in a fieldset with its legend. */
function roleBoxes(
  idPrefix: string,
  legend: string,
  checked: readonly PersonRole[],
): { element: HTMLFieldSetElement; value: () => PersonRole[] } {
  const boxes = PERSON_ROLES.map((r) => {
    const id = `${idPrefix}-${r}`;
    const box = h('input', { type: 'checkbox', id, name: 'roles', value: r, checked: checked.includes(r) });
    return { r, box, label: h('label', { for: id, class: 'check' }, box, ` ${roleName(r)}`) };
  });
  const element = h('fieldset', { class: 'roles' }, h('legend', {}, legend), ...boxes.map((b) => b.label));
  return { element, value: () => boxes.filter((b) => b.box.checked).map((b) => b.r) };
}

function usersSection(): { element: HTMLElement; load: () => Promise<void> } {
  const list = h('div');
  const error = h('div', { class: 'form-error', role: 'alert', id: 'users-error' });
  const done = h('p', { class: 'saved', role: 'status' });
  const load = () => fill(list, async () => usersTable(await listUsers()));
  const act = (p: Promise<unknown>, message: string) => {
    error.replaceChildren();
    done.textContent = '';
    p.then(
      () => {
        done.textContent = message;
        return load();
      },
      (e: unknown) => error.replaceChildren(errorBox(e)),
    );
  };

  function usersTable(users: UserView[]): Node {
    return dataTable<UserView>({
      caption: t('admin.usersCaption'),
      rows: users,
      filter: users.length > 10,
      rowAttrs: (u) => ({ 'data-user': u.username, 'data-disabled': String(u.disabled) }),
      columns: [
        { key: 'username', label: t('login.username'), value: (u) => u.username },
        { key: 'name', label: t('admin.displayName'), value: (u) => u.displayName },
        {
          key: 'roles',
          label: t('admin.roles'),
          value: (u) => u.roles.join(' '),
          cell: (u) => {
            const boxes = roleBoxes(`roles-${u.id}`, t('admin.rolesOf', { user: u.username }), u.roles);
            const save = h('button', { type: 'button', class: 'btn btn-quiet', 'data-action': 'save-roles' }, t('admin.saveRoles'));
            save.addEventListener('click', () =>
              act(updateUser(u.id, { roles: boxes.value() }), t('admin.rolesSaved', { user: u.username })),
            );
            return h('div', { class: 'roles-cell' }, boxes.element, save);
          },
        },
        {
          key: 'state',
          label: t('admin.state'),
          value: (u) => (u.disabled ? 1 : 0),
          cell: (u) => {
            const b = h(
              'button',
              { type: 'button', class: 'btn btn-quiet', 'data-action': u.disabled ? 'enable' : 'disable' },
              u.disabled ? t('admin.enable') : t('admin.disable'),
            );
            b.addEventListener('click', () =>
              act(
                updateUser(u.id, { disabled: !u.disabled }),
                u.disabled ? t('admin.enabled', { user: u.username }) : t('admin.disabledDone', { user: u.username }),
              ),
            );
            return h(
              'span',
              { class: 'state-cell' },
              h('span', { class: `badge ${u.disabled ? 'badge-off' : 'badge-ok'}` }, u.disabled ? t('admin.disabled') : t('admin.active')),
              ' ',
              b,
            );
          },
        },
        { key: 'created', label: t('admin.created'), value: (u) => u.createdAt, cell: (u) => dateTime(u.createdAt) },
      ],
    });
  }

  // Create a user.
  const username = h('input', {
    id: 'new-username',
    name: 'username',
    required: true,
    autocomplete: 'off',
    autocapitalize: 'none',
    spellcheck: 'false',
  });
  const name = h('input', { id: 'new-name', name: 'displayName', required: true, autocomplete: 'off' });
  const password = h('input', {
    id: 'new-password',
    name: 'password',
    type: 'password',
    required: true,
    autocomplete: 'new-password',
    minlength: PASSWORD_MIN_CHARS,
  });
  const roles = roleBoxes('new-roles', t('admin.roles'), ['engineer']);
  const form = h(
    'form',
    { class: 'inline-form', 'data-form': 'user', novalidate: true },
    h('label', { for: 'new-username' }, t('login.username')),
    username,
    h('label', { for: 'new-name' }, t('admin.displayName')),
    name,
    h('label', { for: 'new-password' }, t('admin.passwordHint', { n: PASSWORD_MIN_CHARS })),
    password,
    roles.element,
    h('button', { type: 'submit', class: 'btn btn-primary' }, t('admin.createUser')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    act(
      createUser({ username: username.value.trim(), displayName: name.value.trim(), password: password.value, roles: roles.value() }).then(
        () => form.reset(),
      ),
      t('admin.userCreated', { user: username.value.trim() }),
    );
  });

  // A new password for someone (ends their sessions).
  const who = h('input', {
    id: 'reset-username',
    name: 'username',
    required: true,
    autocomplete: 'off',
    autocapitalize: 'none',
    spellcheck: 'false',
  });
  const next = h('input', {
    id: 'reset-password',
    name: 'password',
    type: 'password',
    required: true,
    autocomplete: 'new-password',
    minlength: PASSWORD_MIN_CHARS,
  });
  const reset = h(
    'form',
    { class: 'inline-form', 'data-form': 'password', novalidate: true },
    h('label', { for: 'reset-username' }, t('login.username')),
    who,
    h('label', { for: 'reset-password' }, t('admin.newPassword')),
    next,
    h('button', { type: 'submit', class: 'btn' }, t('admin.setPassword')),
  );
  reset.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = who.value.trim().toLowerCase();
    act(
      listUsers()
        .then((all) => {
          const u = all.find((x) => x.username === name);
          if (!u) throw new Error(t('admin.noSuchUser', { user: name }));
          return resetPassword(u.id, next.value);
        })
        .then(() => reset.reset()),
      t('admin.passwordSet', { user: name }),
    );
  });

  const element = section(
    t('admin.users'),
    list,
    error,
    done,
    h('h3', {}, t('admin.newUser')),
    form,
    h('h3', {}, t('admin.resetPassword')),
    h('p', { class: 'muted' }, t('admin.resetIntro')),
    reset,
  );
  element.id = 'admin-users';
  return { element, load };
}

const KIND_TEXT: Record<
  CredentialKind,
  {
    title: 'admin.tablets' | 'admin.drivers' | 'admin.services';
    create: 'admin.createToken' | 'admin.createCode' | 'admin.createServiceToken';
  }
> = {
  tablet: { title: 'admin.tablets', create: 'admin.createToken' },
  driver: { title: 'admin.drivers', create: 'admin.createCode' },
  service: { title: 'admin.services', create: 'admin.createServiceToken' },
};

function credentialsSection(kind: CredentialKind, vehicles: readonly string[]): { element: HTMLElement; load: () => Promise<void> } {
  const list = h('div');
  const error = h('div', { class: 'form-error', role: 'alert' });
  const secret = h('div', { class: 'secret', role: 'status', 'aria-live': 'polite' });
  const load = () =>
    fill(list, async () => {
      const [active, revoked] = await Promise.all([listCredentials(kind), listCredentials(kind, true)]);
      return credentialsTable([...active, ...revoked]);
    });

  const subject = (c: CredentialView) => c.vehicleId ?? c.driverId ?? (c.role ? roleName(c.role) : '—');
  function credentialsTable(rows: CredentialView[]): Node {
    return dataTable<CredentialView>({
      caption: t(KIND_TEXT[kind].title),
      rows,
      filter: rows.length > 10,
      initialSort: { key: 'created', dir: 'descending' },
      rowAttrs: (c) => ({ 'data-credential': c.id, 'data-revoked': String(c.revokedAt !== null) }),
      columns: [
        { key: 'who', label: kind === 'tablet' ? t('col.vehicle') : kind === 'driver' ? t('col.driver') : t('admin.role'), value: subject },
        ...(kind === 'tablet' ? [{ key: 'tablet', label: t('admin.tabletId'), value: (c: CredentialView) => c.tabletId ?? '' }] : []),
        { key: 'label', label: t('admin.label'), value: (c) => c.label, wrap: true },
        {
          key: 'origin',
          label: t('admin.origin'),
          value: (c) => c.origin,
          cell: (c) => (c.origin === 'config' ? t('admin.originConfig') : t('admin.originAdmin')),
        },
        { key: 'created', label: t('admin.created'), value: (c) => c.createdAt, cell: (c) => dateTime(c.createdAt) },
        {
          key: 'state',
          label: t('admin.state'),
          value: (c) => c.revokedAt ?? '',
          cell: (c) => {
            if (c.revokedAt) return h('span', { class: 'badge badge-off' }, `${t('admin.revoked')} ${dateTime(c.revokedAt)}`);
            const b = h(
              'button',
              {
                type: 'button',
                class: 'btn btn-quiet',
                'data-action': 'revoke',
                'aria-label': t('admin.revokeOf', { who: `${subject(c)} ${c.label}`.trim() }),
              },
              t('admin.revoke'),
            );
            b.addEventListener('click', () => {
              error.replaceChildren();
              b.disabled = true;
              revokeCredential(c.id).then(
                () => load(),
                (e: unknown) => {
                  b.disabled = false;
                  error.replaceChildren(errorBox(e));
                },
              );
            });
            return b;
          },
        },
      ],
    });
  }

  const id = `new-${kind}`;
  const whoField =
    kind === 'tablet'
      ? h('select', { id: `${id}-who`, name: 'vehicleId' }, ...vehicles.map((v) => h('option', { value: v }, v)))
      : kind === 'driver'
        ? h('input', {
            id: `${id}-who`,
            name: 'driverId',
            required: true,
            autocomplete: 'off',
            placeholder: 'D-09',
            autocapitalize: 'characters',
          })
        : h('select', { id: `${id}-who`, name: 'role' }, ...PERSON_ROLES.map((r) => h('option', { value: r }, roleName(r))));
  const label = h('input', { id: `${id}-label`, name: 'label', autocomplete: 'off', maxlength: 100 });
  const form = h(
    'form',
    { class: 'inline-form', 'data-form': kind, novalidate: true },
    h('label', { for: `${id}-who` }, kind === 'tablet' ? t('col.vehicle') : kind === 'driver' ? t('col.driver') : t('admin.role')),
    whoField,
    h('label', { for: `${id}-label` }, t('admin.label')),
    label,
    h('button', { type: 'submit', class: 'btn btn-primary' }, t(KIND_TEXT[kind].create)),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.replaceChildren();
    secret.replaceChildren();
    const note = label.value.trim() || undefined;
    const body: CreateCredentialRequest =
      kind === 'tablet'
        ? { kind, vehicleId: whoField.value, label: note }
        : kind === 'driver'
          ? { kind, driverId: whoField.value.trim().toUpperCase(), label: note }
          : { kind, role: whoField.value as PersonRole, label: note };
    createCredential(body).then(
      (created) => {
        // Shown this once: the server keeps only its hash.
        secret.replaceChildren(
          h('p', {}, t('admin.secretOnce', { who: subject(created.credential) })),
          h('code', { class: 'secret-value', 'data-credential': created.credential.id }, created.secret),
        );
        form.reset();
        return load();
      },
      (err: unknown) => error.replaceChildren(errorBox(err)),
    );
  });
  const element = section(t(KIND_TEXT[kind].title), list, h('h3', {}, t(KIND_TEXT[kind].create)), form, error, secret);
  element.id = `admin-${kind}`;
  return { element, load };
}
