/**
 * renderReportFiles in a child process. Laying out and drawing a report (pdfmake, chart.js on a
 * canvas) is 1–2.5 s of synchronous work: on the server's event loop it held every HTTP request
 * and every database round trip for as long (a tablet's answer waited behind the trial's final
 * report, issue 8). A process, not a worker thread: the canvas' native addon crashed a server
 * process (SIGSEGV) when loaded in a worker beside the main thread's. A report is rare, so one
 * short-lived process per report: nothing to size, and what it loads is freed with it. The model
 * goes in as plain data (the same the version stores) and is validated again inside, by
 * renderReportFiles itself.
 */
import { fork } from 'node:child_process';
import type { ReportLang } from './i18n';
import { renderReportFiles } from './render';

type Request = { model: unknown; lang: ReportLang };
type Reply = { ok: true; html: string; pdf: Uint8Array } | { ok: false; message: string };

const CHILD_FLAG = '--render-report';

/** The same loader as this process; a TypeScript source outside one (a test runner's module graph) gets swc-node. */
function loaderArgs(): string[] {
  const args = process.execArgv;
  return __filename.endsWith('.ts') && !args.some((a) => a.includes('@swc-node/register')) ? [...args, '-r', '@swc-node/register'] : args;
}

export function renderReportFilesInProcess(model: unknown, lang: ReportLang): Promise<{ html: string; pdf: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [CHILD_FLAG], {
      execArgv: loaderArgs(),
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let reply: Reply | undefined;
    child.once('message', (m: Reply) => (reply = m));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (reply?.ok) resolve({ html: reply.html, pdf: Buffer.from(reply.pdf) });
      else reject(new Error(reply ? reply.message : `report renderer exited (${signal ?? code}) without a report`));
    });
    child.send({ model, lang } satisfies Request);
  });
}

if (process.argv.includes(CHILD_FLAG) && process.send) {
  process.once('message', (request: Request) => {
    renderReportFiles(request.model, request.lang)
      .then(({ html, pdf }) => ({ ok: true, html, pdf }) satisfies Reply)
      .catch((error: Error) => ({ ok: false, message: error.message }) satisfies Reply)
      .then((reply) => process.send!(reply, () => process.disconnect()));
  });
}
