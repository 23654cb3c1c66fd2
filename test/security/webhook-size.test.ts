// An unauthenticated sender cannot make the App hold more than GitHub's largest webhook (25 MB) in memory.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_WEBHOOK_BYTES, startServer, type RunningServer } from '../../app/server.js';
import { keyEnv } from '../keys.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ env: { APP_ID: '1', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: 's', ...keyEnv(), GITHUB_API_URL: 'http://127.0.0.1:9', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' } });
});
afterAll(() => server.close());

/** Posts `total` bytes in 1 MiB chunks; resolves with the status and how much had been sent when it came. */
function post(total: number, headers: Record<string, string>): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const req = http.request(server.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'd', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}`, ...headers } });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, sent });
      req.destroy();
    });
    req.on('error', (error) => (sent > 0 ? undefined : reject(error)));
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const pump = (): void => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('webhook bodies', () => {
  it('a declared length over 25 MB is refused (413) before the body is read', async () => {
    const { status, sent } = await post(64 * 1024 * 1024, { 'content-length': String(64 * 1024 * 1024) });
    expect(status).toBe(413);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('a streamed body is refused (413) as soon as it passes 25 MB', async () => {
    const { status, sent } = await post(64 * 1024 * 1024, { 'transfer-encoding': 'chunked' });
    expect(status).toBe(413);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    expect(sent).toBeGreaterThan(MAX_WEBHOOK_BYTES);
  });

  it('a body within the limit still reaches signature verification (and a wrong one is refused with 400)', async () => {
    const { status } = await post(1024 * 1024, { 'transfer-encoding': 'chunked' });
    expect(status).toBe(400);
  });
});
