/** Holds tokens of `Auth` instances out of reach of their public surface (never enumerable, never logged). */
const tokens = new WeakMap<object, string>();

/** Stores the token an `Auth` instance logged in with. */
export function storeToken(owner: object, token: string): void {
  tokens.set(owner, token);
}

/** Forgets the token of an `Auth` instance. */
export function forgetToken(owner: object): void {
  tokens.delete(owner);
}

/** The token an `Auth` instance logged in with, if any. */
export function tokenOf(owner: object | undefined): string | undefined {
  return owner === undefined ? undefined : tokens.get(owner);
}
