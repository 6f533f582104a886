/**
 * The drivers' end-of-shift questionnaire of /driver: driver id + personal code, vehicle, shift
 * date, ten 1–5 scales (driver comfort criterion), optional comment. Same rules as the tablet:
 * UUID per questionnaire, IndexedDB outbox until the server confirms, back-off when offline.
 * The code is kept with a queued questionnaire until it is sent (it authenticates it), never in
 * localStorage; the driver id and vehicle are remembered for the next shift.
 */
import { COMMENT_MAX_CHARS, DRIVER_ITEMS, type DriverItem } from '../../../libs/contract/src/feedback-constants';
import type { DriverQuestionnaireSubmission } from '../../../libs/contract/src/feedback';
import { FLEET } from '../../../libs/data/src/fleet';
import { h } from './lib/dom';
import { sendQuestionnaire } from '../../../libs/feedback-client/src/send';
import { Syncer, type PendingItem, type SendOutcome } from '../../../libs/feedback-client/src/syncer';
import { Outbox, uuid, type DeviceNumber } from './lib/outbox';
import { registerServiceWorker } from './lib/sw-register';

type Lang = 'fr' | 'en';
const VEHICLES = FLEET.map((v) => ({ id: v.id, ...v.names }));

const TEXTS = {
  fr: {
    languageName: 'Français',
    chooseLanguage: 'Langue',
    brand: 'Questionnaire conducteur',
    title: 'Fin de service : votre ressenti',
    intro: 'Notez chaque point de 1 (très mauvais) à 5 (très bon). Environ une minute.',
    you: 'Vous et votre service',
    driverId: 'Identifiant conducteur (ex. D-07)',
    code: 'Code personnel',
    vehicle: 'Véhicule conduit',
    shiftDate: 'Date du service',
    scales: 'Votre confort de conduite',
    levels: ['Très mauvais', 'Mauvais', 'Moyen', 'Bon', 'Très bon'],
    items: {
      seat: 'Siège',
      drivingPosition: 'Poste de conduite (réglages, ergonomie)',
      cabNoise: 'Bruit au poste de conduite',
      vibration: 'Vibrations',
      gearbox: 'Douceur de la boîte de vitesses',
      acceleration: 'Accélérations et puissance',
      braking: 'Freinage',
      cabTemperature: 'Température au poste',
      visibility: 'Visibilité',
      overall: 'Impression générale',
    } satisfies Record<DriverItem, string>,
    comment: 'Commentaire (facultatif)',
    charsLeft: (n: number) => `${n} caractères restants`,
    submit: 'Envoyer le questionnaire',
    errorsTitle: 'Le questionnaire n’est pas complet :',
    missingScale: (label: string) => `Notez « ${label} »`,
    badDriverId: 'Identifiant conducteur : lettres majuscules, chiffres et tirets (ex. D-07)',
    missingCode: 'Saisissez votre code personnel',
    missingVehicle: 'Choisissez le véhicule',
    badDate: 'Saisissez la date du service',
    sent: 'Merci, questionnaire enregistré.',
    queued: 'Enregistré sur cet appareil : il sera envoyé dès le retour du réseau.',
    refused: (why: string) => `Questionnaire refusé par le serveur : ${why}`,
    badCode: 'code incorrect pour cet identifiant',
    waiting: (n: number) => (n === 1 ? '1 questionnaire en attente d’envoi' : `${n} questionnaires en attente d’envoi`),
  },
  en: {
    languageName: 'English',
    chooseLanguage: 'Language',
    brand: 'Driver questionnaire',
    title: 'End of shift: how was it?',
    intro: 'Rate each point from 1 (very bad) to 5 (very good). About one minute.',
    you: 'You and your shift',
    driverId: 'Driver id (e.g. D-07)',
    code: 'Personal code',
    vehicle: 'Vehicle driven',
    shiftDate: 'Shift date',
    scales: 'Your driving comfort',
    levels: ['Very bad', 'Bad', 'Average', 'Good', 'Very good'],
    items: {
      seat: 'Seat',
      drivingPosition: 'Driving position (adjustments, ergonomics)',
      cabNoise: 'Noise at the driving position',
      vibration: 'Vibration',
      gearbox: 'Gearbox smoothness',
      acceleration: 'Acceleration and power',
      braking: 'Braking',
      cabTemperature: 'Temperature at the driving position',
      visibility: 'Visibility',
      overall: 'Overall impression',
    } satisfies Record<DriverItem, string>,
    comment: 'Comment (optional)',
    charsLeft: (n: number) => `${n} characters left`,
    submit: 'Send the questionnaire',
    errorsTitle: 'The questionnaire is not complete:',
    missingScale: (label: string) => `Rate “${label}”`,
    badDriverId: 'Driver id: capital letters, digits and dashes (e.g. D-07)',
    missingCode: 'Enter your personal code',
    missingVehicle: 'Choose the vehicle',
    badDate: 'Enter the shift date',
    sent: 'Thank you, questionnaire stored.',
    queued: 'Saved on this device: it will be sent as soon as the network is back.',
    refused: (why: string) => `Questionnaire refused by the server: ${why}`,
    badCode: 'wrong code for this driver id',
    waiting: (n: number) => (n === 1 ? '1 questionnaire waiting to be sent' : `${n} questionnaires waiting to be sent`),
  },
};

let lang: Lang = 'fr';
const t = () => TEXTS[lang];
const outbox = new Outbox();
/** The questionnaire being submitted (form kept until it is safe), and one queued offline whose fate is still to tell. */
let lastSubmitted: string | null = null;
let queuedId: string | null = null;
/** The questionnaire last refused for its code: resubmitted with the same id and device number. */
let refusedForCode: DriverQuestionnaireSubmission | null = null;
let waiting = 0;

const syncer = new Syncer<DriverQuestionnaireSubmission>({
  store: outbox.store<DriverQuestionnaireSubmission>('driver'),
  send: sendOne,
  onState: (s) => {
    waiting = s.waiting;
    renderFooter();
  },
});
outbox.onChange(() => void refreshCount());

/**
 * The shared send, with this page's policy on top: a refused code settles the questionnaire here
 * (the form keeps every answer; only the code needs retyping, and the resubmission keeps the
 * questionnaire's id and number, so the server sees no gap).
 */
async function sendOne(items: Array<PendingItem<DriverQuestionnaireSubmission>>): Promise<SendOutcome> {
  const item = items[0];
  const outcome = await sendQuestionnaire({ baseUrl: '' }, items);
  if (outcome.kind === 'retry') {
    if (item.id === lastSubmitted) settle('queued');
    return outcome;
  }
  if (outcome.kind === 'unauthorized') {
    refusedForCode = item.body;
    if (item.id === lastSubmitted) settle('refused', t().badCode);
    else if (item.id === queuedId) showResult('refused', t().badCode);
    return { kind: 'answered', done: [item.id], refused: [{ id: item.id, status: 401, code: 'unauthorized' }] };
  }
  const refusal = outcome.refused.find((r) => r.id === item.id);
  if (refusal) {
    const why = refusal.message ?? `HTTP ${refusal.status}`;
    if (item.id === lastSubmitted) settle('refused', why);
    else if (item.id === queuedId) showResult('refused', why);
  } else if (item.id === lastSubmitted) settle('sent');
  else if (item.id === queuedId) showResult('sent');
  return outcome;
}
addEventListener('online', () => syncer.kick(true));

async function refreshCount(): Promise<void> {
  waiting = (await outbox.all('driver')).length;
  renderFooter();
}

// ---------------------------------------------------------------- rendering

const app = document.getElementById('app') as HTMLElement;
const header = h('header', { class: 'bar' });
const main = h('main', { class: 'driver' });
const footer = h('footer', { class: 'foot' });
const counter = h('p', { id: 'outbox', class: 'outbox', role: 'status' });
footer.append(counter);
app.replaceChildren(header, main, footer);

const parisToday = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(new Date());

/** Form values survive a language switch (the form is rebuilt). */
interface FormState {
  driverId: string;
  vehicleId: string;
  shiftDate: string;
  scores: Partial<Record<DriverItem, number>>;
  comment: string;
}
let state: FormState = {
  driverId: localStorage.getItem('driver-id') ?? '',
  vehicleId: localStorage.getItem('driver-vehicle') ?? '',
  shiftDate: parisToday(),
  scores: {},
  comment: '',
};
let result: { kind: 'sent' | 'queued' | 'refused'; detail?: string } | null = null;

function render(): void {
  const tx = t();
  document.documentElement.lang = lang;
  document.title = `${tx.brand} – ligne 101`;
  const nav = h('nav', { class: 'langs', 'aria-label': tx.chooseLanguage });
  for (const l of ['fr', 'en'] as const) {
    const b = h(
      'button',
      { type: 'button', class: 'lang', lang: l, 'data-lang': l, 'aria-pressed': String(l === lang) },
      TEXTS[l].languageName,
    );
    b.addEventListener('click', () => {
      if (l === lang) return;
      keepState();
      lang = l;
      render();
      (document.querySelector(`[data-lang="${l}"]`) as HTMLElement | null)?.focus();
    });
    nav.append(b);
  }
  header.replaceChildren(h('p', { class: 'brand' }, h('span', { class: 'brand-line' }, '101'), ` ${tx.brand}`), nav);

  const form = h('form', { id: 'questionnaire', novalidate: true });
  const you = h('fieldset', { class: 'card' }, h('legend', {}, tx.you));
  you.append(
    field(
      'driverId',
      tx.driverId,
      h('input', {
        id: 'driverId',
        name: 'driverId',
        autocomplete: 'username',
        autocapitalize: 'characters',
        spellcheck: 'false',
        value: state.driverId,
        required: true,
      }),
    ),
    field('code', tx.code, h('input', { id: 'code', name: 'code', type: 'password', autocomplete: 'current-password', required: true })),
  );
  const vehicles = h('fieldset', { class: 'choices', id: 'vehicle' }, h('legend', {}, tx.vehicle));
  for (const v of VEHICLES) {
    const input = h('input', { type: 'radio', name: 'vehicleId', id: `vehicle-${v.id}`, value: v.id, checked: state.vehicleId === v.id });
    vehicles.append(h('label', { class: 'choice', for: `vehicle-${v.id}` }, input, h('span', {}, v[lang])));
  }
  you.append(
    vehicles,
    field(
      'shiftDate',
      tx.shiftDate,
      h('input', { id: 'shiftDate', name: 'shiftDate', type: 'date', value: state.shiftDate, required: true }),
    ),
  );

  const scales = h('section', { class: 'card', 'aria-labelledby': 'scales-title' }, h('h2', { id: 'scales-title' }, tx.scales));
  for (const item of DRIVER_ITEMS) {
    const fs = h('fieldset', { class: 'scale', id: `scale-${item}` }, h('legend', {}, tx.items[item]));
    const row = h('div', { class: 'scale-row' });
    for (let s = 1; s <= 5; s++) {
      const id = `${item}-${s}`;
      const input = h('input', { type: 'radio', name: item, id, value: s, checked: state.scores[item] === s });
      row.append(
        h(
          'label',
          { class: 'score', for: id },
          input,
          h('span', { class: 'score-n' }, String(s)),
          h('span', { class: 'score-label' }, tx.levels[s - 1]),
        ),
      );
    }
    fs.append(row);
    scales.append(fs);
  }

  const left = h('p', { id: 'comment-left', class: 'counter' }, tx.charsLeft(COMMENT_MAX_CHARS - state.comment.length));
  const area = h('textarea', { id: 'comment', name: 'comment', rows: 4, maxlength: COMMENT_MAX_CHARS, 'aria-describedby': 'comment-left' });
  area.value = state.comment;
  area.addEventListener('input', () => (left.textContent = tx.charsLeft(COMMENT_MAX_CHARS - area.value.length)));
  const comment = h('div', { class: 'card' }, h('label', { for: 'comment', class: 'big-label' }, tx.comment), area, left);

  form.append(you, scales, comment, h('div', { class: 'submit-row' }, h('button', { type: 'submit', class: 'primary' }, tx.submit)));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void submit(form);
  });

  main.replaceChildren(
    h('h1', { tabindex: -1 }, tx.title),
    h('p', { class: 'intro' }, tx.intro),
    h('div', { id: 'errors', tabindex: -1 }),
    h('div', { id: 'result', role: 'status', class: 'result', tabindex: -1 }),
    form,
  );
  renderResult();
  renderFooter();
}

function field(id: string, label: string, input: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

function keepState(): void {
  const form = document.getElementById('questionnaire') as HTMLFormElement | null;
  if (!form) return;
  const data = new FormData(form);
  state = {
    driverId: String(data.get('driverId') ?? ''),
    vehicleId: String(data.get('vehicleId') ?? ''),
    shiftDate: String(data.get('shiftDate') ?? ''),
    scores: Object.fromEntries(DRIVER_ITEMS.filter((k) => data.get(k)).map((k) => [k, Number(data.get(k))])),
    comment: String(data.get('comment') ?? ''),
  };
}

let submitting = false;

async function submit(form: HTMLFormElement): Promise<void> {
  // One questionnaire at a time: a double click, or a click while the server has not answered, does nothing.
  if (submitting || lastSubmitted) return;
  const tx = t();
  keepState();
  const code = (form.elements.namedItem('code') as HTMLInputElement).value.trim();
  const driverId = state.driverId.trim().toUpperCase();
  const errors: Array<{ target: string; message: string }> = [];
  if (!/^[A-Z0-9][A-Z0-9-]{0,31}$/.test(driverId)) errors.push({ target: 'driverId', message: tx.badDriverId });
  if (!code) errors.push({ target: 'code', message: tx.missingCode });
  if (!VEHICLES.some((v) => v.id === state.vehicleId)) errors.push({ target: `vehicle-${VEHICLES[0].id}`, message: tx.missingVehicle });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(state.shiftDate)) errors.push({ target: 'shiftDate', message: tx.badDate });
  for (const item of DRIVER_ITEMS) if (!state.scores[item]) errors.push({ target: `${item}-1`, message: tx.missingScale(tx.items[item]) });
  showErrors(errors);
  if (errors.length) return;

  submitting = true;
  try {
    const again = refusedForCode;
    refusedForCode = null;
    const fields = {
      driverId,
      vehicleId: state.vehicleId,
      shiftDate: state.shiftDate,
      answeredAt: new Date().toISOString(),
      ...(state.scores as Record<DriverItem, number>),
      ...(state.comment.trim() ? { comment: state.comment.trim().slice(0, COMMENT_MAX_CHARS) } : {}),
    };
    localStorage.setItem('driver-id', driverId);
    localStorage.setItem('driver-vehicle', state.vehicleId);
    state = { ...state, driverId };
    const item = (id: string, n: DeviceNumber) => ({
      id,
      kind: 'driver' as const,
      body: { id, ...fields, ...n },
      ready: true,
      createdAt: Date.now(),
      auth: code,
    });
    const { body } =
      again?.deviceId && again.deviceSeq
        ? await outbox.put(item(again.id, { deviceId: again.deviceId, deviceSeq: again.deviceSeq })).then(() => ({ body: again }))
        : await outbox.create<DriverQuestionnaireSubmission>('driver', (n) => item(uuid(), n));
    lastSubmitted = body.id;
    // The form is cleared once the answer is safe (stored, or queued on this device); a refusal
    // (wrong code) keeps every answer so that only the code needs retyping.
    if (!navigator.onLine) settle('queued');
    else showResult(null);
    syncer.kick(true);
  } finally {
    submitting = false;
  }
}

function showErrors(errors: Array<{ target: string; message: string }>): void {
  const box = document.getElementById('errors') as HTMLElement;
  document.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  document.querySelectorAll('fieldset.invalid').forEach((el) => el.classList.remove('invalid'));
  if (errors.length === 0) {
    box.replaceChildren();
    box.removeAttribute('role');
    return;
  }
  const list = h('ul', {});
  for (const e of errors) {
    const link = h('a', { href: `#${e.target}` }, e.message);
    link.addEventListener('click', (ev) => {
      ev.preventDefault();
      (document.getElementById(e.target) as HTMLElement | null)?.focus();
    });
    list.append(h('li', {}, link));
    const el = document.getElementById(e.target);
    el?.setAttribute('aria-invalid', 'true');
    el?.closest('fieldset.scale, fieldset.choices')?.classList.add('invalid');
  }
  box.setAttribute('role', 'alert');
  box.className = 'errors';
  box.replaceChildren(h('p', {}, t().errorsTitle), list);
  box.focus();
}

function settle(kind: 'sent' | 'queued' | 'refused', detail?: string): void {
  queuedId = kind === 'queued' ? lastSubmitted : null;
  lastSubmitted = null;
  keepState();
  if (kind !== 'refused') state = { ...state, scores: {}, comment: '' };
  result = { kind, detail };
  render();
  const box = document.getElementById('result') as HTMLElement;
  if (kind === 'refused') document.getElementById('code')?.setAttribute('aria-invalid', 'true');
  box.scrollIntoView({ block: 'center' });
  box.focus({ preventScroll: true });
}

function showResult(kind: 'sent' | 'queued' | 'refused' | null, detail?: string): void {
  if (kind === 'sent' || kind === 'refused') queuedId = null;
  result = kind ? { kind, detail } : null;
  renderResult();
}

function renderResult(): void {
  const box = document.getElementById('result');
  if (!box) return;
  const tx = t();
  box.className = `result${result ? ` result-${result.kind}` : ''}`;
  box.textContent = !result
    ? ''
    : result.kind === 'sent'
      ? tx.sent
      : result.kind === 'queued'
        ? tx.queued
        : tx.refused(result.detail ?? '');
}

function renderFooter(): void {
  counter.textContent = waiting > 0 ? t().waiting(waiting) : '';
  counter.dataset.count = String(waiting);
}

render();
void refreshCount().then(() => syncer.kick());
registerServiceWorker();
