/**
 * Durable outbox in IndexedDB: every answer is written here first (with its UUID) and deleted
 * only once the server has answered `stored` or `duplicate` for it, so a tap is never lost to a
 * dropped connection, a reload or a reboot, and never counted twice (the server is idempotent on
 * the UUID). Plain IndexedDB, no library: the page stays small.
 */
export type OutboxKind = 'rating' | 'driver';

export interface OutboxItem<T = unknown> {
  id: string;
  kind: OutboxKind;
  body: T;
  /** false while the passenger is still answering (the item is updated in place). */
  ready: boolean;
  createdAt: number;
  /** Bearer credential to send it with (the driver's code; tablets use their stored token). */
  auth?: string;
}

const DB_NAME = 'trial-outbox';
const STORE = 'items';

const promised = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

export class Outbox {
  private dbPromise?: Promise<IDBDatabase>;
  private listeners = new Set<() => void>();

  private db(): Promise<IDBDatabase> {
    this.dbPromise ??= new Promise((resolve, reject) => {
      const open = indexedDB.open(DB_NAME, 1);
      open.onupgradeneeded = () => {
        const store = open.result.createObjectStore(STORE, { keyPath: 'id' });
        store.createIndex('kind', 'kind');
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    return this.dbPromise;
  }

  private async tx<T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.db();
    const t = db.transaction(STORE, mode);
    const result = promised(work(t.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      t.oncomplete = () => resolve();
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
    return result;
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  async put<T>(item: OutboxItem<T>): Promise<void> {
    await this.tx('readwrite', (s) => s.put(item));
    this.changed();
  }

  async get<T>(id: string): Promise<OutboxItem<T> | undefined> {
    return this.tx('readonly', (s) => s.get(id) as IDBRequest<OutboxItem<T> | undefined>);
  }

  async all<T>(kind: OutboxKind): Promise<Array<OutboxItem<T>>> {
    const items = await this.tx('readonly', (s) => s.index('kind').getAll(kind) as IDBRequest<Array<OutboxItem<T>>>);
    return items.sort((a, b) => a.createdAt - b.createdAt);
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const db = await this.db();
    const t = db.transaction(STORE, 'readwrite');
    for (const id of ids) t.objectStore(STORE).delete(id);
    await new Promise<void>((resolve, reject) => {
      t.oncomplete = () => resolve();
      t.onerror = () => reject(t.error);
    });
    this.changed();
  }
}

export type SendOutcome =
  /** Every item got an answer: those listed in `done` are stored (or duplicates) or refused for good. */
  | { kind: 'answered'; done: string[]; refused: Array<{ id: string; status: number; code: string }> }
  /** Nothing was settled: network down, 5xx, 401, 429… Try again later (after retryAfterMs if given). */
  | { kind: 'retry'; retryAfterMs?: number; reason: string };

export interface SyncOptions<T> {
  outbox: Outbox;
  kind: OutboxKind;
  /** Sends some ready items (it may take fewer than given); never throws. */
  send(items: Array<OutboxItem<T>>): Promise<SendOutcome>;
  onRefused?(refused: Array<{ id: string; status: number; code: string }>): void;
  onState?(state: { waiting: number; failing: boolean; reason?: string }): void;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Sends what waits, oldest first; after a failure waits base·2^n (capped, ±20 % jitter, or the
 * server's Retry-After) before the next attempt. Kicked after each new answer and when the
 * browser comes back online. One attempt at a time.
 */
export class Syncer<T> {
  private failures = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private running = false;
  private again = false;

  constructor(private readonly o: SyncOptions<T>) {
    if (typeof addEventListener === 'function') addEventListener('online', () => this.kick(true));
  }

  /** Try now (or when the running attempt ends). `reset` forgets the back-off (network back). */
  kick(reset = false): void {
    if (reset) this.failures = 0;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    let retryIn: number | undefined;
    try {
      for (;;) {
        const ready = (await this.o.outbox.all<T>(this.o.kind)).filter((i) => i.ready);
        if (ready.length === 0) break;
        if (typeof navigator !== 'undefined' && navigator.onLine === false) {
          retryIn = this.backoff();
          void this.report(true, 'offline');
          break;
        }
        const outcome = await this.o.send(ready);
        if (outcome.kind === 'retry') {
          retryIn = outcome.retryAfterMs ?? this.backoff();
          void this.report(true, outcome.reason);
          break;
        }
        this.failures = 0;
        await this.o.outbox.remove(outcome.done);
        if (outcome.refused.length) this.o.onRefused?.(outcome.refused);
        if (outcome.done.length === 0) break;
      }
    } catch (error) {
      retryIn = this.backoff();
      void this.report(true, String(error));
    } finally {
      this.running = false;
    }
    if (retryIn === undefined) await this.report(false);
    if (this.again) {
      this.again = false;
      this.kick();
    } else if (retryIn !== undefined) {
      this.timer = setTimeout(() => this.kick(), retryIn);
    }
  }

  private backoff(): number {
    const base = this.o.baseDelayMs ?? 2_000;
    const max = this.o.maxDelayMs ?? 5 * 60_000;
    const delay = Math.min(max, base * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 20);
    return Math.round(delay * (0.8 + Math.random() * 0.4));
  }

  private async report(failing: boolean, reason?: string): Promise<void> {
    const waiting = (await this.o.outbox.all(this.o.kind)).filter((i) => i.ready).length;
    this.o.onState?.({ waiting, failing, reason });
  }
}

/** RFC 4122 v4 UUID (crypto.randomUUID needs a secure context; a tablet on plain HTTP has none). */
export function uuid(): string {
  // randomUUID only exists in a secure context; getRandomValues always does.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Retry-After (seconds or HTTP date) in ms, if present. */
export function retryAfterMs(res: Response): number | undefined {
  const v = res.headers.get('retry-after');
  if (!v) return undefined;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.max(1, s) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(1000, at - Date.now());
}
