/** Reads a server-sent-events response (the live stream) into parsed messages as they arrive. */
import type { LiveMessage } from '@app/contract';

export interface SseReader {
  messages: LiveMessage[];
  done: Promise<void>;
  close(): void;
}

/** As an engineer by default (the stream declares `live.read`). */
export async function openLiveStream(
  url: string,
  headers: Record<string, string> = { authorization: 'Bearer engineer-dev-token' },
): Promise<SseReader> {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal, headers });
  if (!response.ok || !/text\/event-stream/.test(response.headers.get('content-type') ?? '')) {
    throw new Error(`live stream answered ${response.status} ${response.headers.get('content-type')}`);
  }
  const messages: LiveMessage[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const done = (async () => {
    for (;;) {
      const { value, done: end } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (end) return;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        if (data) messages.push(JSON.parse(data) as LiveMessage);
      }
    }
  })();
  return { messages, done, close: () => abort.abort() };
}
