import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { SECURITY_HEADERS } from './feed/security-headers.ts';

/** Where `npm run dev` expects the feed (started by scripts/dev.js). */
const feedPort = Number(process.env.TICKWALL_FEED_PORT ?? 8080);

export default defineConfig({
  root: 'web',
  // The Vite root is web/, so name the Svelte config at the project root explicitly.
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  // The chart worker imports chart.js as a module; only ES workers can share code-split chunks.
  worker: { format: 'es' },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
  },
  server: {
    host: '127.0.0.1',
    // The same policy as production: connect-src 'self' covers the proxied /ws and Vite's own HMR socket.
    headers: { ...SECURITY_HEADERS },
    proxy: {
      '/ws': { target: `ws://127.0.0.1:${feedPort}`, ws: true },
    },
  },
});
