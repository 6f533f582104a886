/**
 * Sign-in (username and password against POST /api/v1/auth/login). A refusal is shown in place
 * (401: wrong username or password; 429: too many attempts, with the wait the server asks); on
 * success the user goes back to the page they were sent from (?next=, only a /dashboard address).
 */
import { h } from '../../lib/dom';
import { login, type Me } from '../api/auth';
import { ApiError } from '../api/http';
import { t } from '../i18n';
import { langSwitch } from '../lib/lang-switch';

export function renderLogin(hooks: { onSignedIn(me: Me): void }, navigate: (href: string, replace?: boolean) => void): HTMLElement {
  document.title = `${t('login.title')} – ${t('app.title')}`;
  const next = new URLSearchParams(location.search).get('next') ?? '';
  const target = /^\/dashboard(\/[\w\-/%.]*)?(\?[^#]*)?$/.test(next) && !next.startsWith('/dashboard/login') ? next : '/dashboard';
  const user = h('input', {
    id: 'login-username',
    name: 'username',
    autocomplete: 'username',
    required: true,
    autocapitalize: 'none',
    spellcheck: 'false',
  });
  const pass = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'form-error', id: 'login-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('login.submit'));
  const form = h(
    'form',
    { class: 'login-form', novalidate: true, 'aria-describedby': 'login-error' },
    h('label', { for: 'login-username' }, t('login.username')),
    user,
    h('label', { for: 'login-password' }, t('login.password')),
    pass,
    error,
    submit,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.textContent = '';
    if (!user.value.trim() || !pass.value) {
      error.textContent = t('login.missing');
      (user.value.trim() ? pass : user).focus();
      return;
    }
    submit.disabled = true;
    login(user.value.trim(), pass.value)
      .then((me) => {
        hooks.onSignedIn(me);
        navigate(target, true);
      })
      .catch((err: unknown) => {
        submit.disabled = false;
        pass.value = '';
        if (err instanceof ApiError && err.status === 401) error.textContent = t('login.refused');
        else if (err instanceof ApiError && err.status === 429) error.textContent = t('login.throttled');
        else error.textContent = err instanceof ApiError ? err.message : t('common.networkError');
        pass.focus();
      });
  });
  const langs = langSwitch(() => navigate(location.pathname + location.search, true));
  return h(
    'div',
    { class: 'login-page' },
    h(
      'header',
      { class: 'top' },
      h('p', { class: 'brand' }, h('span', { class: 'brand-line' }, '101'), t('app.brand')),
      h('div', { class: 'top-right' }, langs),
    ),
    h('main', { id: 'main', class: 'login-main' }, h('h1', {}, t('login.title')), h('p', { class: 'intro' }, t('login.intro')), form),
  );
}
