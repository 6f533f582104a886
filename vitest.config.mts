import { defineConfig } from 'vitest/config';
import swc from 'unplugin-swc';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const __dirname = fileURLToPath(new URL('.', import.meta.url));

// SWC emits the decorator metadata NestJS needs for dependency injection (esbuild does not).
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: {
      '@app/contract': resolve(__dirname, 'libs/contract/src/index.ts'),
      '@app/domain': resolve(__dirname, 'libs/domain/src/index.ts'),
      '@app/data': resolve(__dirname, 'libs/data/src/index.ts'),
      '@app/report': resolve(__dirname, 'libs/report/src/index.ts'),
    },
  },
  test: {
    include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'simulator/**/*.spec.ts', 'test/**/*.e2e-spec.ts', 'test/**/*.spec.ts'],
    environment: 'node',
    env: { TZ: 'UTC' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: more workers only thrash.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
