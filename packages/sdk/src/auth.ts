import { DhuoBaseClient, type DhuoClientOptions } from './core/base-client.js';
import { readEnv } from './core/env.js';
import { DhuoAuthenticationError, DhuoValidationError } from './core/errors.js';
import type { RequestOptions } from './core/request-options.js';
import { forgetToken, storeToken, tokenOf } from './core/token-store.js';
import type { TokenInfo } from './types.js';

/** Options of {@link Auth}. */
export type AuthOptions = Omit<DhuoClientOptions, 'token' | 'auth'>;

/** Checks a token against `GET /api/auth/verify`. */
class TokenCheck extends DhuoBaseClient {
  verify(options?: RequestOptions): Promise<TokenInfo> {
    return this.call('GET /api/auth/verify', (init) => this.api.GET('/api/auth/verify', init), options);
  }
}

/**
 * Logs in with a token the service accepts; pass the `Auth` to a client as `auth`.
 *
 * @example
 * const auth = new Auth({ serviceEndpoint: 'http://localhost:8000' });
 * await auth.login(process.env.DHUO_TOKEN);
 * const client = new DhuolibExperimentClient({ serviceEndpoint: 'http://localhost:8000', auth });
 */
export class Auth {
  readonly #options: AuthOptions;
  #info: TokenInfo | undefined;

  constructor(options: AuthOptions = {}) {
    this.#options = options;
  }

  /** Checks `token` (default `DHUO_TOKEN`) against the service and keeps it; a rejected token throws `DhuoAuthenticationError`. */
  async login(token?: string, options?: RequestOptions): Promise<TokenInfo> {
    const candidate = token ?? readEnv('DHUO_TOKEN');
    if (typeof candidate !== 'string' || candidate.trim() === '') {
      throw new DhuoValidationError('token', 'a non-empty token string (or set DHUO_TOKEN)');
    }
    const info = await new TokenCheck({ ...this.#options, token: candidate }).verify(options);
    if (!info.valid) {
      throw new DhuoAuthenticationError(
        401,
        info as never,
        'The service says the token is not valid; check it and log in again',
      );
    }
    storeToken(this, candidate);
    this.#info = info;
    return info;
  }

  /** Whether `login` succeeded and `logout` was not called since. */
  isLogged(): boolean {
    return tokenOf(this) !== undefined;
  }

  /** Forgets the token. */
  logout(): void {
    forgetToken(this);
    this.#info = undefined;
  }

  /** Checks the stored token again (`GET /api/auth/verify`). */
  async verifyToken(options?: RequestOptions): Promise<TokenInfo> {
    const token = tokenOf(this);
    if (token === undefined)
      throw new DhuoValidationError('auth', 'a logged-in Auth: call `await auth.login(token)` first');
    this.#info = await new TokenCheck({ ...this.#options, token }).verify(options);
    return this.#info;
  }

  /** What the last successful check said (`{ valid, scheme }`), while logged in. */
  get tokenInfo(): TokenInfo | undefined {
    return this.#info;
  }

  /** Never reveals the token. */
  toJSON(): { logged: boolean } {
    return { logged: this.isLogged() };
  }
}
