import { defineConfig } from 'vitest/config';
import swc from 'unplugin-swc';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

const shared = {
  // SWC emits the decorator metadata NestJS needs for dependency injection (esbuild does not).
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: {
      '@app/contract': resolve(root, 'libs/contract/src/index.ts'),
      '@app/domain': resolve(root, 'libs/domain/src/index.ts'),
      '@app/data': resolve(root, 'libs/data/src/index.ts'),
      '@app/report': resolve(root, 'libs/report/src/index.ts'),
    },
  },
};

export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    pool: 'forks',
    // Two cores: more workers only thrash.
    maxWorkers: 2,
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'simulator/**/*.spec.ts'],
          env: { TZ: 'UTC' },
          // Set here: an inline project does not inherit the root's test options (vitest's own
          // 5 s / 10 s would apply). Far above what any unit test needs on a busy machine; heavy
          // work (whole simulated days) runs in beforeAll with its own, larger limit.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        ...shared,
        test: {
          // Services and repositories against a real database (test/medium/support.ts): migrated
          // once per run by the global setup, the files one after the other on it.
          name: 'medium',
          include: ['test/medium/**/*.medium-spec.ts'],
          globalSetup: ['test/medium/global-setup.ts'],
          env: { TZ: 'UTC' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        ...shared,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e-spec.ts'],
          env: { TZ: 'UTC' },
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // End-to-end files share one broker (CI's Mosquitto) and the trial's vehicle ids: one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
