/**
 * Bearer-token checks shared by the simulated REST APIs and the data-plane upgrade: the token must verify (signature,
 * issuer, expiry at `Clock` time) for one of the accepted audiences. A token that is valid but for another audience
 * is refused with 403, anything else with 401.
 */
import { type Context, Effect } from "effect"
import { type AccessTokenClaims, TokenInvalid, type TokenIssuer, type VerifyError } from "./TokenIssuer.ts"

export interface BearerRefusal {
  readonly status: 401 | 403
  readonly error: VerifyError
}

/** The token of `Authorization: Bearer <token>` (scheme case-insensitive), if that is what the header holds. */
export const bearerToken = (authorization: string | undefined): string | undefined =>
  authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1]

/** Verifies `authorization` for any of `audiences`. */
export const verifyBearer = (
  issuer: Context.Tag.Service<TokenIssuer>,
  authorization: string | undefined,
  audiences: ReadonlyArray<string>
): Effect.Effect<AccessTokenClaims, BearerRefusal> =>
  Effect.gen(function* () {
    const token = bearerToken(authorization)
    if (token === undefined) {
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
