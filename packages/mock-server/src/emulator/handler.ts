import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator } from './emulator.js';

/** What a handler gets for one request. */
export interface HandlerContext {
  emu: Emulator;
  req: IncomingMessage;
  res: ServerResponse;
  /** Decoded path parameters. */
  params: Record<string, string>;
  /** Query parameters (last value wins). */
  query: Record<string, string>;
  requestId: string;
  /** How the token came, or undefined on unauthenticated operations. */
  scheme: 'bearer' | 'access_key' | undefined;
}

/** A JSON answer, or `'sent'` when the handler wrote the response itself (downloads). */
export type Reply = { status: number; body?: unknown } | 'sent';

/** Handles one operation. */
export type Handler = (ctx: HandlerContext) => Promise<Reply>;
