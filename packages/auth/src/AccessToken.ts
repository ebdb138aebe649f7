import { Redacted, Schema } from "effect"

/**
 * A bearer token for one audience, with its schedule. `value` is `Redacted`: printing, logging or
 * JSON-encoding an `AccessToken` never shows the token; unwrap it with `AccessToken.bearer` at the call site.
 * All instants are epoch milliseconds read from `Clock`.
 */
export class AccessToken extends Schema.Class<AccessToken>("AccessToken")({
  audience: Schema.String,
  value: Schema.Redacted(Schema.String),
  tokenType: Schema.String,
  issuedAt: Schema.Number,
  lifetimeMillis: Schema.Number,
  refreshAt: Schema.Number,
  hardExpiresAt: Schema.Number,
  expiresAt: Schema.Number
}) {
  /** The raw token for an `Authorization: Bearer` header. */
  static bearer(token: AccessToken): string {
    return Redacted.value(token.value)
  }

  /** A token that never expires: for test doubles and baselines, never for a real IdP answer. */
  static unexpiring(audience: string, value: string): AccessToken {
    const never = Number.MAX_SAFE_INTEGER
    return AccessToken.make({
      audience,
      value: Redacted.make(value),
      tokenType: "Bearer",
      issuedAt: 0,
      lifetimeMillis: never,
      refreshAt: never,
      hardExpiresAt: never,
      expiresAt: never
    })
  }

  /** Same token string (a token is identified by its value, not by object identity). */
  static same(a: AccessToken, b: AccessToken): boolean {
    return a.audience === b.audience && Redacted.value(a.value) === Redacted.value(b.value)
  }

  /** Still usable at `now`: strictly before the hard expiry. */
  isUsableAt(now: number): boolean {
    return now < this.hardExpiresAt
  }
}
