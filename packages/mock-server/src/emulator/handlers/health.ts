import type { Handler } from '../handler.js';

/** GET /api/health */
export const getHealth: Handler = async () => ({ status: 200, body: { status: 'ok', version: '1.0.0' } });

/** GET /api/auth/verify */
export const verifyToken: Handler = async (ctx) => ({
  status: 200,
  body: { valid: true, scheme: ctx.scheme },
});
