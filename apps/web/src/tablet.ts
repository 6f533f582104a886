/**
 * The passenger tablet ("Opinion Box") of /tablet/{vehicleId}.
 *
 * Flow: main question on five smileys → up to four skippable follow-ups (smoothness, temperature,
 * noise, seat) → optional comment → thank-you → back to the start. About six taps, well under
 * 20 s. Idle 30 s anywhere → back to the start; an answer left midway is kept as partial
 * (complete=false), never sent as complete. The language (FR default, EN, OC, CA) resets with it.
 *
 * Device setup: the tablet's token is given once as `?token=…` (staff opens
 * /tablet/GNV-01?token=…); it is kept in localStorage for this vehicle and removed from the
 * address bar. `?idle=<seconds>` shortens the idle timeout (tests, demos; 2–600 s).
 *
 * Anti-abuse: a new answer cannot start less than 5 s (tablet clock) after the previous one,
 * the same rule the server applies on answeredAt; a double tap cannot answer the next screen
 * (taps are ignored for 400 ms after a screen change).
 *
 * Offline: each answer has a UUID and sits in the IndexedDB outbox until the server confirms it;
 * a discreet counter shows how many wait; sync retries with exponential back-off (the shared loop
 * of libs/feedback-client). Each answer also takes the tablet's next number (`deviceSeq`, kept in
 * IndexedDB across reloads), so the server can count answers that never arrived.
 */
import {
  COMMENT_MAX_CHARS,
  RATING_FOLLOW_UPS,
  RATING_LANGUAGES,
  TABLET_MIN_INTERVAL_MS,
  type RatingFollowUp,
  type RatingLanguage,
} from '../../../libs/contract/src/feedback-constants';
import type { RatingSubmission } from '../../../libs/contract/src/feedback';
import { face, h } from './lib/dom';
import { TABLET_TEXTS, type TabletTexts } from './lib/i18n-tablet';
import { sendRatingBatch } from '../../../libs/feedback-client/src/send';
import { Syncer, type PendingItem, type SendOutcome } from '../../../libs/feedback-client/src/syncer';
import { Outbox, uuid, type OutboxItem } from './lib/outbox';
import { registerServiceWorker } from './lib/sw-register';

const TAP_GUARD_MS = 400;
const THANKS_MS = 4_000;

type Step = { name: 'start' } | { name: 'follow'; index: number } | { name: 'comment' } | { name: 'thanks' };

interface Draft {
  id: string;
  answeredAt: string;
  overall: number;
  answers: Partial<Record<RatingFollowUp, number>>;
  deviceId?: string;
  deviceSeq?: number;
  /** The first write (which takes the device number); later writes wait for it. */
  created: Promise<unknown>;
}

const vehicleId = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const params = new URLSearchParams(location.search);
const idleMs = Math.min(600, Math.max(2, Number(params.get('idle')) || 30)) * 1000;
const tokenKey = `tablet-token:${vehicleId}`;
const lastKey = `tablet-last-answer:${vehicleId}`;

if (params.has('token')) {
  const token = params.get('token')?.trim();
  if (token) localStorage.setItem(tokenKey, token);
  params.delete('token');
  history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}`);
}
const token = (): string | null => localStorage.getItem(tokenKey);

let lang: RatingLanguage = 'fr';
let step: Step = { name: 'start' };
let draft: Draft | null = null;
let tapGuardUntil = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let thanksTimer: ReturnType<typeof setTimeout> | undefined;
let cooldownTimer: ReturnType<typeof setTimeout> | undefined;
let waiting = 0;

const t = (): TabletTexts => TABLET_TEXTS[lang];
const outbox = new Outbox();

const syncer = new Syncer<RatingSubmission>({
  store: outbox.store<RatingSubmission>('rating'),
  send: sendRatings,
  onState: (s) => {
    waiting = s.waiting;
    renderFooter();
  },
  onRefused: (refused) => {
    const n = Number(localStorage.getItem('tablet-refused') ?? 0) + refused.length;
    localStorage.setItem('tablet-refused', String(n));
  },
});
outbox.onChange(() => void refreshCount());

function sendRatings(items: Array<PendingItem<RatingSubmission>>): Promise<SendOutcome> {
  const bearer = token();
  if (!bearer) return Promise.resolve({ kind: 'unauthorized', reason: 'no token' });
  return sendRatingBatch({ baseUrl: '' }, bearer, items);
}
addEventListener('online', () => syncer.kick(true));

// ---------------------------------------------------------------- answers

/** `language`: the one shown when the answer was saved (taken before any await: a reset switches back to French). */
function body(d: Draft, complete: boolean, language: RatingLanguage): RatingSubmission {
  const device = d.deviceId && d.deviceSeq ? { deviceId: d.deviceId, deviceSeq: d.deviceSeq } : {};
  return { id: d.id, vehicleId, answeredAt: d.answeredAt, language, complete, overall: d.overall, ...d.answers, ...device };
}

const draftItem = (d: Draft, language: RatingLanguage): OutboxItem<RatingSubmission> => ({
  id: d.id,
  kind: 'rating',
  body: body(d, false, language),
  ready: false,
  createdAt: Date.parse(d.answeredAt),
});

/** The first tap: the answer takes this tablet's next number and is saved, in one transaction. */
function createDraft(answeredAt: Date, overall: number): Draft {
  const d: Draft = { id: uuid(), answeredAt: answeredAt.toISOString(), overall, answers: {}, created: Promise.resolve() };
  const language = lang;
  d.created = outbox.create<RatingSubmission>(`tablet:${vehicleId}`, (n) => {
    d.deviceId = n.deviceId;
    d.deviceSeq = n.deviceSeq;
    return draftItem(d, language);
  });
  return d;
}

/** Saved at every tap (not ready), so that a crash or reload still keeps it as a partial answer. */
async function saveDraft(): Promise<void> {
  const d = draft;
  if (!d) return;
  const language = lang;
  await d.created;
  await outbox.put<RatingSubmission>(draftItem(d, language));
}

async function commit(complete: boolean, comment?: string): Promise<void> {
  if (!draft) return;
  const d = draft;
  draft = null;
  const language = lang;
  await d.created;
  const b = body(d, complete, language);
  const text = comment?.trim();
  if (complete && text) b.comment = text.slice(0, COMMENT_MAX_CHARS);
  await outbox.put<RatingSubmission>({ id: d.id, kind: 'rating', body: b, ready: true, createdAt: Date.parse(d.answeredAt) });
  syncer.kick();
}

/** Drafts left by a reload or crash become partial answers. */
async function recoverDrafts(): Promise<void> {
  for (const item of await outbox.all<RatingSubmission>('rating')) {
    if (!item.ready) await outbox.put({ ...item, ready: true, body: { ...item.body, complete: false } });
  }
}

async function refreshCount(): Promise<void> {
  waiting = (await outbox.all('rating')).filter((i) => i.ready).length;
  renderFooter();
}

// ---------------------------------------------------------------- flow

function go(next: Step): void {
  step = next;
  tapGuardUntil = performance.now() + TAP_GUARD_MS;
  clearTimeout(thanksTimer);
  render(true);
  armIdle();
}

function tapAllowed(): boolean {
  return performance.now() >= tapGuardUntil;
}

function cooldownLeft(): number {
  const last = Number(localStorage.getItem(lastKey) ?? 0);
  return Math.max(0, last + TABLET_MIN_INTERVAL_MS - Date.now());
}

function onOverall(score: number): void {
  if (!tapAllowed() || step.name !== 'start' || cooldownLeft() > 0) return;
  const now = new Date();
  localStorage.setItem(lastKey, String(now.getTime()));
  draft = createDraft(now, score);
  go({ name: 'follow', index: 0 });
}

function onFollowUp(score: number | null): void {
  if (!tapAllowed() || step.name !== 'follow' || !draft) return;
  if (score !== null) draft.answers[RATING_FOLLOW_UPS[step.index]] = score;
  void saveDraft();
  go(step.index + 1 < RATING_FOLLOW_UPS.length ? { name: 'follow', index: step.index + 1 } : { name: 'comment' });
}

function finish(comment?: string): void {
  if (!tapAllowed() || !draft) return;
  void commit(true, comment);
  go({ name: 'thanks' });
  thanksTimer = setTimeout(restart, THANKS_MS);
}

/** Back to the start in French; an unfinished answer is kept as partial. */
function restart(): void {
  if (draft) void commit(false);
  lang = 'fr';
  go({ name: 'start' });
}

function armIdle(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (step.name !== 'start' || lang !== 'fr') restart();
  }, idleMs);
}

function setLanguage(next: RatingLanguage): void {
  if (next === lang) return;
  lang = next;
  const focused = document.activeElement?.getAttribute('data-lang');
  render(false);
  if (focused) (document.querySelector(`[data-lang="${next}"]`) as HTMLElement | null)?.focus();
}

// ---------------------------------------------------------------- rendering

const app = document.getElementById('app') as HTMLElement;
const header = h('header', { class: 'bar' });
const main = h('main', { id: 'screen', class: 'screen' });
const footer = h('footer', { class: 'foot' });
const status = h('p', { id: 'outbox', class: 'outbox', role: 'status' });
const coach = h('p', { class: 'coach' });
footer.append(coach, status);
app.replaceChildren(header, main, footer);

function render(moveFocus: boolean): void {
  document.documentElement.lang = lang;
  document.title = `${t().question} – ${vehicleId}`;
  renderHeader();
  main.replaceChildren(...screen());
  main.dataset.step = step.name;
  renderFooter();
  if (moveFocus) (main.querySelector('h1') as HTMLElement | null)?.focus({ preventScroll: true });
}

function renderHeader(): void {
  const nav = h('nav', { class: 'langs', 'aria-label': t().chooseLanguage });
  for (const l of RATING_LANGUAGES) {
    const b = h(
      'button',
      { type: 'button', class: 'lang', lang: l, 'data-lang': l, 'aria-pressed': String(l === lang) },
      TABLET_TEXTS[l].languageName,
    );
    b.addEventListener('click', () => setLanguage(l));
    nav.append(b);
  }
  header.replaceChildren(h('p', { class: 'brand' }, h('span', { class: 'brand-line' }, '101'), ' Hérault Transport'), nav);
}

function renderFooter(): void {
  coach.textContent = vehicleId;
  const parts: string[] = [];
  if (waiting > 0) parts.push(t().waiting(waiting));
  if (!token()) parts.push(t().notConfigured);
  status.textContent = parts.join(' · ');
  status.dataset.count = String(waiting);
}

function scale(onPick: (score: number) => void, big: boolean, disabled = false): HTMLElement {
  const group = h('div', { class: `faces${big ? ' faces-big' : ''}`, role: 'group', 'aria-labelledby': 'question' });
  for (let score = 1; score <= 5; score++) {
    const b = h(
      'button',
      { type: 'button', class: `face-btn level-${score}`, 'data-score': score, disabled },
      face(score),
      h('span', { class: 'face-label' }, t().levels[score - 1]),
    );
    b.addEventListener('click', () => onPick(score));
    group.append(b);
  }
  return group;
}

function screen(): Node[] {
  const tx = t();
  switch (step.name) {
    case 'start': {
      const wait = cooldownLeft();
      clearTimeout(cooldownTimer);
      if (wait > 0) cooldownTimer = setTimeout(() => step.name === 'start' && render(false), wait + 50);
      return [
        h('h1', { id: 'question', tabindex: -1 }, tx.question),
        scale(onOverall, true, wait > 0),
        h('p', { class: 'hint', 'aria-live': 'polite' }, wait > 0 ? tx.wait : ''),
      ];
    }
    case 'follow': {
      const key = RATING_FOLLOW_UPS[step.index];
      const skip = h('button', { type: 'button', class: 'secondary', 'data-action': 'skip' }, tx.skip);
      skip.addEventListener('click', () => onFollowUp(null));
      const done = h('button', { type: 'button', class: 'secondary', 'data-action': 'finish' }, tx.finish);
      done.addEventListener('click', () => finish());
      return [
        h('p', { class: 'step' }, tx.step(step.index + 1, RATING_FOLLOW_UPS.length)),
        h('h1', { id: 'question', tabindex: -1 }, tx.followUps[key]),
        scale((s) => onFollowUp(s), false),
        h('div', { class: 'actions' }, skip, done),
      ];
    }
    case 'comment': {
      const left = h('p', { id: 'comment-left', class: 'counter' }, tx.charsLeft(COMMENT_MAX_CHARS));
      const area = h('textarea', {
        id: 'comment',
        name: 'comment',
        rows: 4,
        maxlength: COMMENT_MAX_CHARS,
        'aria-describedby': 'comment-left',
        autocomplete: 'off',
      });
      area.addEventListener('input', () => {
        left.textContent = tx.charsLeft(COMMENT_MAX_CHARS - area.value.length);
        armIdle();
      });
      const send = h('button', { type: 'button', class: 'primary', 'data-action': 'send' }, tx.send);
      send.addEventListener('click', () => finish(area.value));
      const none = h('button', { type: 'button', class: 'secondary', 'data-action': 'no-comment' }, tx.noComment);
      none.addEventListener('click', () => finish());
      return [
        h('h1', { id: 'question', tabindex: -1 }, tx.commentTitle),
        h('div', { class: 'comment' }, h('label', { for: 'comment' }, tx.commentLabel), area, left),
        h('div', { class: 'actions' }, none, send),
      ];
    }
    case 'thanks': {
      const back = h(
        'button',
        { type: 'button', class: 'thanks-btn', 'data-action': 'restart' },
        h('span', { class: 'thanks-big' }, tx.thanks),
        h('span', { class: 'thanks-sub' }, tx.thanksSub),
      );
      back.addEventListener('click', () => tapAllowed() && restart());
      return [h('h1', { id: 'question', tabindex: -1, class: 'visually-hidden' }, tx.thanks), back];
    }
  }
}

for (const type of ['pointerdown', 'keydown']) addEventListener(type, armIdle, { passive: true });

render(false);
void recoverDrafts().then(() => {
  void refreshCount();
  syncer.kick();
});
registerServiceWorker();
