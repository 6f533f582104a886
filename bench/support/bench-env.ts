/** Shared plumbing of the benchmarks: fresh databases, the load generator child, RESULTS.md. */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { Client } from 'pg';

export const ROOT = resolve(__dirname, '../..');

export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new Client(serverUrl);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new Client(serverUrl);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

/** Runs a bench/support script under swc-node in a child process and returns its last JSON line. */
export function runChild<T>(script: string, options: unknown): Promise<T> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', resolve(ROOT, script), JSON.stringify(options)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return rej(new Error(`${script} exited with ${code}`));
      try {
        res(JSON.parse(line) as T);
      } catch {
        rej(new Error(`${script} printed no JSON: ${out.slice(-500)}`));
      }
    });
  });
}

export function machineLine(): string {
  return `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function appendResults(section: string): void {
  const file = resolve(ROOT, 'bench/RESULTS.md');
  if (!existsSync(file))
    writeFileSync(
      file,
      '# Benchmark results\n\nEach run appends a section: date, machine, figures and the ratio to the best alternative measured in the same run.\n',
    );
  appendFileSync(file, `\n${section.trim()}\n`);
}

/** A progress bar over a phase's wall time, so a run of minutes shows where it is. */
export async function phase<T>(name: string, seconds: number, work: () => Promise<T>, width = 34): Promise<T> {
  const bar = new SingleBar({ format: `${name.padEnd(width)} {bar} {value}/{total} s`, hideCursor: true }, Presets.shades_classic);
  bar.start(Math.ceil(seconds), 0);
  const started = Date.now();
  const tick = setInterval(() => bar.update(Math.min(Math.ceil(seconds), Math.floor((Date.now() - started) / 1000))), 500);
  try {
    return await work();
  } finally {
    clearInterval(tick);
    bar.update(Math.ceil(seconds));
    bar.stop();
  }
}
