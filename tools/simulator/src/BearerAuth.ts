/**
 * Bearer-token checks shared by the simulated REST APIs and the data-plane upgrade: the token must verify (signature,
 * issuer, expiry at `Clock` time) for one of the accepted audiences. A token that is valid but for another audience
 * is refused with 403, anything else with 401.
 *
 * The header is parsed by `@effect/platform` (`HttpApiSecurity.bearer`: `RestGuard`'s security, `bearerFromRequest`
 * for the upgrade), not here. That parser drops the first seven characters (`Bearer `) without checking the scheme,
 * so another scheme (`Basic …`) yields a token that cannot verify: 401 either way, as before.
 */
import { HttpApiBuilder, HttpApiSecurity, HttpServerRequest } from "@effect/platform"
import { type Context, Effect, Redacted } from "effect"
import { type AccessTokenClaims, TokenInvalid, type TokenIssuer, type VerifyError } from "./TokenIssuer.ts"

export interface BearerRefusal {
  readonly status: 401 | 403
  readonly error: VerifyError
}

/** The bearer token of `request`, decoded as `HttpApiSecurity.bearer` does for an `HttpApi` (empty when absent). */
export const bearerFromRequest = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<Redacted.Redacted> =>
  HttpApiBuilder.securityDecode(HttpApiSecurity.bearer).pipe(
    Effect.provideService(HttpServerRequest.HttpServerRequest, request),
    Effect.provideService(HttpServerRequest.ParsedSearchParams, {})
  )

/** Verifies a bearer token (as `HttpApiSecurity.bearer` decodes it) for any of `audiences`. */
export const verifyBearer = (
  issuer: Context.Tag.Service<TokenIssuer>,
  bearer: Redacted.Redacted,
  audiences: ReadonlyArray<string>
): Effect.Effect<AccessTokenClaims, BearerRefusal> =>
  Effect.gen(function* () {
    const token = Redacted.value(bearer).trim()
    if (token === "") {
      return yield* Effect.fail<BearerRefusal>({
        status: 401,
        error: new TokenInvalid({ message: "missing bearer token" })
      })
    }
    const errors: Array<VerifyError> = []
    for (const audience of audiences) {
      const result = yield* Effect.either(issuer.verifyAccessToken(token, audience))
      if (result._tag === "Right") return result.right
      errors.push(result.left)
    }
    const notAudience = errors.find((error) => error._tag !== "TokenAudienceMismatch")
    return yield* Effect.fail<BearerRefusal>(
      notAudience !== undefined || errors.length === 0
        ? { status: 401, error: notAudience ?? new TokenInvalid({ message: "no audience is accepted" }) }
        : { status: 403, error: errors[0]! }
    )
  })
