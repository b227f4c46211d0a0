import { invalid } from './api-error.js';

/** One page of `items` from an opaque token (base64url of the offset); 400 naming page_token when forged. */
export function paginate<T>(
  items: readonly T[],
  maxResults: number,
  pageToken: string | undefined,
): { page: T[]; next_page_token: string | null } {
  let offset = 0;
  if (pageToken !== undefined && pageToken !== '') {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(pageToken, 'base64url').toString('utf8'));
    } catch {
      decoded = undefined;
    }
    const o = (decoded as { o?: unknown } | undefined)?.o;
    if (typeof o !== 'number' || !Number.isInteger(o) || o < 0) {
      throw invalid(
        'page_token',
        'page_token is not a token this service gave; pass next_page_token as it came',
      );
    }
    offset = o;
  }
  const page = items.slice(offset, offset + maxResults);
  const nextOffset = offset + maxResults;
  const next_page_token =
    nextOffset < items.length
      ? Buffer.from(JSON.stringify({ o: nextOffset }), 'utf8').toString('base64url')
      : null;
  return { page, next_page_token };
}
