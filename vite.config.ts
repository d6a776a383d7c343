import { defineConfig } from 'vite';

// The browser page: built from web/ into dist/web/, which the HTTP door serves.
export default defineConfig({
  root: 'web',
  base: '/',
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: true },
  logLevel: 'warn',
});
