import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dev and preview servers mirror the gateway: same paths, routed by prefix, so the
// app only ever uses relative URLs and the same build works behind Traefik.
const ordersUrl = process.env.ORDERS_URL ?? 'http://localhost:5101';
const paymentsUrl = process.env.PAYMENTS_URL ?? 'http://localhost:5102';
const port = Number(process.env.PORT ?? 3000);

const proxy = {
  '/api/orders': { target: ordersUrl, changeOrigin: true },
  '/hubs/orders': { target: ordersUrl, changeOrigin: true, ws: true },
  '/api/payments': { target: paymentsUrl, changeOrigin: true },
};

export default defineConfig({
  plugins: [react()],
  // The API page imports the repository's AsyncAPI document (../docs/asyncapi.json) and src/api/limits.ts its
  // OpenAPI documents (../docs/openapi), outside this folder.
  server: { port, strictPort: true, proxy, fs: { allow: ['.', '../docs/asyncapi.json', '../docs/openapi'] } },
  preview: { port, strictPort: true, proxy },
});
