/**
 * The live stream (/api/v1/live, server-sent events of libs/contract/src/live.ts's compact
 * messages) shared by every page of the dashboard: one EventSource (the session cookie goes with
 * it), listeners by message kind. A broken stream is closed and reopened with exponential back-off
 * (1 s … 30 s, ±20 % jitter, reset once a connection opens), because EventSource's own retry gives
 * up on an HTTP error; after every reconnection, and on a `resync` message (the server's link to
 * the other processes was cut), `onReconnect` listeners re-read what they may have missed.
 */
import { LIVE_PATH, type LiveKind, type LiveMessage } from '../../../../../libs/contract/src/live';

export type { LiveKind, LiveMessage };
type Listener = (m: LiveMessage) => void;

const KINDS: LiveKind[] = ['telemetry', 'event', 'status', 'alert', 'resync'];
const MIN_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

export class LiveClient {
  private source: EventSource | null = null;
  private listeners = new Map<LiveKind, Set<Listener>>();
  private reconnectListeners = new Set<() => void>();
  private stateListeners = new Set<(connected: boolean) => void>();
  private delay = MIN_DELAY_MS;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private opened = false;
  connected = false;

  constructor(private readonly url = LIVE_PATH) {}

  on(kind: LiveKind, listener: Listener): () => void {
    let set = this.listeners.get(kind);
    if (!set) this.listeners.set(kind, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  onState(listener: (connected: boolean) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  start(): void {
    if (this.source) return;
    const source = new EventSource(this.url, { withCredentials: true });
    this.source = source;
    source.onopen = () => {
      this.delay = MIN_DELAY_MS;
      this.setConnected(true);
      if (this.opened) for (const l of this.reconnectListeners) l();
      this.opened = true;
    };
    source.onerror = () => {
      // Closed by the server or refused: reopen ourselves with back-off.
      this.setConnected(false);
      source.close();
      if (this.source !== source) return;
      this.source = null;
      const wait = this.delay * (0.8 + Math.random() * 0.4);
      this.delay = Math.min(MAX_DELAY_MS, this.delay * 2);
      this.timer = setTimeout(() => this.start(), wait);
    };
    for (const kind of KINDS) {
      source.addEventListener(kind, (e) => {
        let m: LiveMessage;
        try {
          m = JSON.parse((e as MessageEvent<string>).data) as LiveMessage;
        } catch {
          return;
        }
        for (const l of this.listeners.get(kind) ?? []) l(m);
        if (kind === 'resync') for (const l of this.reconnectListeners) l();
      });
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.source?.close();
    this.source = null;
    this.setConnected(false);
  }

  private setConnected(c: boolean): void {
    if (this.connected === c) return;
    this.connected = c;
    for (const l of this.stateListeners) l(c);
  }
}
