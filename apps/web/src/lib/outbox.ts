/**
 * Durable outbox in IndexedDB: every answer is written here first (with its UUID and its device
 * number) and deleted only once the server has settled it, so a tap is never lost to a dropped
 * connection, a reload or a reboot, and never counted twice (the server is idempotent on the
 * UUID). The device's answer counter lives in the same database and is taken in the same
 * transaction as the answer is written: a reload keeps it, and no number is ever skipped
 * (a skipped number is what the server counts as a lost answer). Plain IndexedDB, no library:
 * the page stays small. The sync loop itself is libs/feedback-client's, shared with the simulator.
 */
import type { OutboxStore, PendingItem } from '../../../../libs/feedback-client/src/syncer';

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
const DEVICES = 'devices';

/** This installation's numbering for one kind of answer (`name`: e.g. `tablet:GNV-01`, `driver`). */
interface DeviceRecord {
  name: string;
  deviceId: string;
  nextSeq: number;
}

export interface DeviceNumber {
  deviceId: string;
  deviceSeq: number;
}

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
      const open = indexedDB.open(DB_NAME, 2);
      open.onupgradeneeded = (event) => {
        // v1: the outbox; v2: the device counters (an outbox of v1 keeps its items).
        if (event.oldVersion < 1) open.result.createObjectStore(STORE, { keyPath: 'id' }).createIndex('kind', 'kind');
        if (event.oldVersion < 2) open.result.createObjectStore(DEVICES, { keyPath: 'name' });
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

  /**
   * Writes a new answer with the next number of device `device`, in one transaction: the counter
   * (created with a fresh installation id on first use) and the item are saved together or not at all.
   */
  async create<T>(device: string, build: (n: DeviceNumber) => OutboxItem<T>): Promise<OutboxItem<T>> {
    const db = await this.db();
    const t = db.transaction([STORE, DEVICES], 'readwrite');
    const item = await new Promise<OutboxItem<T>>((resolve, reject) => {
      const get = t.objectStore(DEVICES).get(device) as IDBRequest<DeviceRecord | undefined>;
      get.onerror = () => reject(get.error);
      get.onsuccess = () => {
        const rec = get.result ?? { name: device, deviceId: uuid(), nextSeq: 1 };
        const built = build({ deviceId: rec.deviceId, deviceSeq: rec.nextSeq });
        t.objectStore(DEVICES).put({ ...rec, nextSeq: rec.nextSeq + 1 });
        t.objectStore(STORE).put(built);
        resolve(built);
      };
    });
    await new Promise<void>((resolve, reject) => {
      t.oncomplete = () => resolve();
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
    this.changed();
    return item;
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

  /** One kind's ready items as the shared sync loop reads them. */
  store<T>(kind: OutboxKind): OutboxStore<T> {
    return {
      ready: async (): Promise<Array<PendingItem<T>>> => (await this.all<T>(kind)).filter((i) => i.ready),
      remove: (ids) => this.remove(ids),
    };
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
