import { secretHeaderNames } from './auth-header.js';

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 20;

type Send = (url: string, init: RequestInit & { duplex?: 'half' }) => Promise<Response>;

/**
 * Sends `init` (with `redirect: 'manual'`) and follows redirects by hand, as `mode` asks, so that
 * secret headers never leave the origin they were meant for: fetch drops `Authorization` on a
 * cross-origin redirect but forwards `X-Dhuo-Access-Key`. `mode` `'manual'` and `'error'` keep
 * fetch's meaning; a streamed body that a 307/308 would need to send again cannot be replayed, so
 * that response is returned as it is.
 */
export async function sendFollowingRedirects(
  send: Send,
  url: string,
  init: RequestInit & { duplex?: 'half'; redirect: 'manual' },
  mode: RequestInit['redirect'] = 'follow',
): Promise<Response> {
  let current: { url: string; init: RequestInit & { duplex?: 'half' } } = { url, init };
  for (let hop = 0; ; hop += 1) {
    const response = await send(current.url, current.init);
    if (!redirectStatuses.has(response.status) || mode === 'manual') return response;
    const location = response.headers.get('location');
    if (location === null) return response;
    void response.body?.cancel().catch(() => undefined);
    if (mode === 'error') throw new TypeError(`redirect to ${new URL(location, current.url).origin} refused`);
    if (hop >= maxRedirects) throw new TypeError(`more than ${maxRedirects} redirects`);

    const next = new URL(location, current.url);
    const headers = new Headers(current.init.headers);
    if (next.origin !== new URL(current.url).origin) {
      for (const name of secretHeaderNames) headers.delete(name);
    }
    const method = current.init.method ?? 'GET';
    const keepsBody = response.status === 307 || response.status === 308;
    if (keepsBody && current.init.body instanceof ReadableStream) return response;
    const becomesGet = !keepsBody && (response.status === 303 || method === 'POST') && method !== 'HEAD';
    if (becomesGet) {
      for (const name of ['content-type', 'content-length', 'content-encoding']) headers.delete(name);
    }
    current = {
      url: next.href,
      init: {
        ...current.init,
        method: becomesGet ? 'GET' : method,
        headers,
        body: becomesGet ? null : current.init.body,
      },
    };
    if (becomesGet) delete current.init.duplex;
  }
}
