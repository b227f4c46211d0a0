/** A recorded request: what the transport sent. */
export interface Sent {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

/** An injected fetch that answers from a script of responses (or errors) and records every request. */
export function scriptedFetch(
  script: Array<Response | Error | ((request: Request) => Promise<Response> | Response)>,
) {
  const sent: Sent[] = [];
  let index = 0;
  const fetch = async (request: Request): Promise<Response> => {
    sent.push({
      method: request.method,
      url: request.url,
      headers: new Headers(request.headers),
      body: request.body ? await request.clone().text() : '',
    });
    const step = script[Math.min(index, script.length - 1)];
    index += 1;
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(request);
    return (step as Response).clone();
  };
  return { fetch, sent };
}

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A fetch that never answers until its request is aborted. */
export function hangingFetch() {
  let calls = 0;
  const fetch = (request: Request) => {
    calls += 1;
    return new Promise<Response>((_, reject) => {
      request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
    });
  };
  return { fetch, calls: () => calls };
}

/** A connection error like undici's. */
export function connectionRefused(): Error {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
  });
}
