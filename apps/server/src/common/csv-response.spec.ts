import { EventEmitter } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendCsv, wantsCsv } from './csv-response';

const accepts = (accept: string | undefined) => ({
  accepts: (types: string[]) => (accept === undefined ? types[0] : (types.find((t) => accept.includes(t)) ?? false)),
});

describe('wantsCsv', () => {
  it('format=csv, or no format and an Accept header that prefers text/csv', () => {
    expect(wantsCsv('csv', accepts(undefined) as never)).toBe(true);
    expect(wantsCsv(undefined, accepts('text/csv') as never)).toBe(true);
    expect(wantsCsv(undefined, accepts(undefined) as never)).toBe(false);
    expect(wantsCsv('json', accepts('text/csv') as never)).toBe(false); // an explicit format wins
  });
});

describe('sendCsv over a real HTTP response', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  async function serve(handler: (res: ServerResponse) => Promise<void>): Promise<{ url: string; failures: unknown[] }> {
    const failures: unknown[] = [];
    server = createServer((_req, res) => {
      handler(res).catch((error: unknown) => {
        failures.push(error);
        res.statusCode = 503;
        res.end('{"code":"database_unavailable"}');
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`, failures };
  }

  it('sends a UTF-8 download with a BOM, chunk by chunk', async () => {
    const { url } = await serve((res) =>
      sendCsv(
        res,
        'trips 2018/06.csv',
        (function* () {
          yield 'a,b\r\n';
          yield '1,Lunel-Viel é\r\n';
        })(),
      ),
    );
    const reply = await fetch(url);
    expect(reply.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(reply.headers.get('content-disposition')).toBe('attachment; filename="trips_2018_06.csv"');
    const bytes = new Uint8Array(await reply.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe('a,b\r\n1,Lunel-Viel é\r\n'); // TextDecoder drops the BOM
  });

  it('an error before the first chunk leaves the response untouched, so it can still get an error body', async () => {
    const { url, failures } = await serve((res) =>
      sendCsv(
        res,
        'x.csv',
        (async function* (): AsyncGenerator<string> {
          throw new Error('database down');
          yield '';
        })(),
      ),
    );
    const reply = await fetch(url);
    expect(reply.status).toBe(503);
    expect(failures).toHaveLength(1);
  });

  it('an error after the first chunk cuts the response: the client sees an incomplete body, not a short CSV', async () => {
    const { url } = await serve((res) =>
      sendCsv(
        res,
        'x.csv',
        (async function* () {
          yield 'a\r\n';
          yield 'x'.repeat(100_000); // makes sure the headers and the first bytes are out
          throw new Error('connection lost');
        })(),
      ),
    );
    const reply = await fetch(url);
    expect(reply.status).toBe(200);
    await expect(reply.text()).rejects.toThrow();
  });
});

describe('sendCsv back-pressure', () => {
  it('pulls the next chunk only once the response has drained', async () => {
    const written: string[] = [];
    const res = Object.assign(new EventEmitter(), {
      statusCode: 0,
      destroyed: false,
      setHeader: () => undefined,
      write: (chunk: string) => {
        written.push(chunk);
        return false;
      }, // always "full"
      end: () => undefined,
    });
    let pulled = 0;
    const done = sendCsv(
      res as unknown as ServerResponse,
      'x.csv',
      (function* () {
        for (let i = 0; i < 3; i++) {
          pulled++;
          yield `${i}\r\n`;
        }
      })(),
    );
    await new Promise((r) => setImmediate(r));
    expect(pulled).toBe(1); // the BOM write said "full": the first chunk waits, the second is not produced
    for (let i = 0; i < 4 && pulled < 3; i++) {
      res.emit('drain');
      await new Promise((r) => setImmediate(r));
    }
    res.emit('drain');
    await done;
    expect(pulled).toBe(3);
    expect(written).toEqual(['\uFEFF', '0\r\n', '1\r\n', '2\r\n']);
  });
});
