/**
 * Password hashing: argon2id (RFC 9106) with @node-rs/argon2, which runs on libuv's thread pool
 * (never on the event loop).
 *
 * Parameters: 64 MiB, 3 passes, 1 lane — RFC 9106's second recommended option (64 MiB, t = 3), with
 * one lane because the machine has 2 cores shared with the ingest: one login must not take both.
 * Measured here: 60–125 ms per hash (median ≈ 100 ms with both cores busy), where OWASP's floor
 * (19 MiB, t = 2) took 12–50 ms — cheap for an attacker's GPU too, and a login can afford 0.1 s. At most 2 hashes run at once (128 MiB), the
 * rest wait: a burst of logins cannot exhaust memory or the thread pool the database driver and
 * file reads also use. Login throttling (login.service.ts) bounds how many an attacker can ask for.
 * The parameters are in every stored hash, so raising them later rehashes each password at its
 * owner's next login (`needsRehash`).
 */
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';

export const ARGON2_PARAMS = { algorithm: Algorithm.Argon2id, memoryCost: 65_536, timeCost: 3, parallelism: 1 } as const;
const PARAMS_SEGMENT = `m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}`;
const MAX_CONCURRENT = 2;

@Injectable()
export class PasswordHasher {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return this.limited(() => hash(password, ARGON2_PARAMS));
  }

  /** Whether `password` matches `stored`; a malformed stored hash never matches. */
  verify(stored: string, password: string): Promise<boolean> {
    return this.limited(() => verify(stored, password).catch(() => false));
  }

  /**
   * Spends the time of one verification for a username that does not exist (or is disabled), so
   * that the response time does not tell which usernames exist.
   */
  async verifyNobody(password: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(16).toString('hex'));
    await this.verify(await this.dummy, password);
    return false;
  }

  /** A hash made with other parameters than today's (rehash it after a successful login). */
  needsRehash(stored: string): boolean {
    return !stored.startsWith(`$argon2id$v=19$${PARAMS_SEGMENT}$`);
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    // A finishing hash hands its slot straight to the next in line, so nobody slips in between.
    if (this.running >= MAX_CONCURRENT) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
