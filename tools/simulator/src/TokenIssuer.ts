/**
 * Signs Auth0-like access tokens (RS256 JWTs) and verifies them. The simulated resource APIs verify the bearer
 * tokens they receive with `verifyAccessToken`; external verifiers use the JWKS.
 */
import { Clock, Context, Effect, Layer, Option, Redacted, Schema } from "effect"
import * as Jose from "jose"
import { SimulatorConfig, type SimulatorSettings } from "./Config.ts"
import { SimulatorInfo } from "./SimulatorInfo.ts"

const Algorithm = "RS256"

export const Jwk = Schema.Struct({
  kty: Schema.Literal("RSA"),
  kid: Schema.String,
  use: Schema.Literal("sig"),
  alg: Schema.Literal(Algorithm),
  n: Schema.String,
  e: Schema.String
})
export const Jwks = Schema.Struct({ keys: Schema.Array(Jwk) }).annotations({ identifier: "Jwks" })
export type Jwks = typeof Jwks.Type

/** Claims of an issued token, as Auth0 sets them for the client-credentials grant. */
export const AccessTokenClaims = Schema.Struct({
  iss: Schema.String,
  /** `<client_id>@clients` */
  sub: Schema.String,
  aud: Schema.String,
  /** The client id. */
  azp: Schema.String,
  iat: Schema.Int,
  exp: Schema.Int,
  gty: Schema.Literal("client-credentials"),
  /** Unique per token, so two tokens issued in the same second differ. */
  jti: Schema.String,
  scope: Schema.optional(Schema.String)
})
export type AccessTokenClaims = typeof AccessTokenClaims.Type

export interface IssuedToken {
  readonly accessToken: Redacted.Redacted<string>
  /** Seconds. */
  readonly expiresIn: number
  readonly claims: AccessTokenClaims
}

export class TokenExpired extends Schema.TaggedError<TokenExpired>()("TokenExpired", {
  /** Unix seconds. */
  expiredAt: Schema.optional(Schema.Number),
  message: Schema.String
}) {}

export class TokenSignatureInvalid extends Schema.TaggedError<TokenSignatureInvalid>()("TokenSignatureInvalid", {
  message: Schema.String
}) {}

export class TokenAudienceMismatch extends Schema.TaggedError<TokenAudienceMismatch>()("TokenAudienceMismatch", {
  expected: Schema.String,
  actual: Schema.optional(Schema.Unknown),
  message: Schema.String
}) {}

/** Not a JWT, wrong issuer, missing or ill-typed claims. */
export class TokenInvalid extends Schema.TaggedError<TokenInvalid>()("TokenInvalid", {
  message: Schema.String
}) {}

export type VerifyError = TokenExpired | TokenSignatureInvalid | TokenAudienceMismatch | TokenInvalid

export interface TokenIssuerOptions {
  /** `iss` claim. */
  readonly issuer: string
  readonly tokenTtl: number
  readonly tokenTtlByAudience?: SimulatorSettings["tokenTtlByAudience"] | undefined
}

const toVerifyError =
  (audience: string) =>
  (error: unknown): VerifyError => {
    const message = error instanceof Error ? error.message : String(error)
    if (!(error instanceof Jose.errors.JOSEError)) return new TokenInvalid({ message })
    if (error instanceof Jose.errors.JWTExpired) {
      const exp = error.payload.exp
      return new TokenExpired({ message, ...(typeof exp === "number" ? { expiredAt: exp } : {}) })
    }
    if (error instanceof Jose.errors.JWSSignatureVerificationFailed || error instanceof Jose.errors.JWKSNoMatchingKey) {
      return new TokenSignatureInvalid({ message })
    }
    if (error instanceof Jose.errors.JWTClaimValidationFailed && error.claim === "aud") {
      return new TokenAudienceMismatch({ expected: audience, actual: error.payload.aud, message })
    }
    return new TokenInvalid({ message })
  }

export class TokenIssuer extends Context.Tag("@its/simulator/TokenIssuer")<
  TokenIssuer,
  {
    readonly issuer: string
    /** The public signing key(s), as served at `/.well-known/jwks.json`. */
    readonly jwks: Jwks
    /** Signs a token for `clientId` on `audience`; `iat` is `Clock` time. */
    readonly issue: (request: {
      readonly clientId: string
      readonly audience: string
      readonly scope?: string | undefined
    }) => Effect.Effect<IssuedToken>
    /** Checks signature (against the JWKS), `iss`, `aud` and expiry at `Clock` time. */
    readonly verifyAccessToken: (token: string, audience: string) => Effect.Effect<AccessTokenClaims, VerifyError>
  }
>() {
  /** Generates a fresh RSA key pair: tokens of one simulator do not verify against another. */
  static readonly make = Effect.fn("TokenIssuer.make")(function* (options: TokenIssuerOptions) {
    const { privateKey, publicKey } = yield* Effect.promise(() => Jose.generateKeyPair(Algorithm))
    const publicJwk = yield* Effect.promise(() => Jose.exportJWK(publicKey))
    const kid = yield* Effect.promise(() => Jose.calculateJwkThumbprint(publicJwk))
    const jwks: Jwks = {
      keys: [{ kty: "RSA", kid, use: "sig", alg: Algorithm, n: publicJwk.n ?? "", e: publicJwk.e ?? "" }]
    }
    const keySet = Jose.createLocalJWKSet(jwks as Jose.JSONWebKeySet)
    const ttlFor = (audience: string) => options.tokenTtlByAudience?.[audience] ?? options.tokenTtl

    const issue = Effect.fn("TokenIssuer.issue")(function* (request: {
      readonly clientId: string
      readonly audience: string
      readonly scope?: string | undefined
    }) {
      const iat = Math.floor((yield* Clock.currentTimeMillis) / 1000)
      const expiresIn = ttlFor(request.audience)
      const claims: AccessTokenClaims = {
        iss: options.issuer,
        sub: `${request.clientId}@clients`,
        aud: request.audience,
        azp: request.clientId,
        iat,
        exp: iat + expiresIn,
        gty: "client-credentials",
        jti: crypto.randomUUID(),
        ...(request.scope === undefined ? {} : { scope: request.scope })
      }
      const token = yield* Effect.promise(() =>
        new Jose.SignJWT({ ...claims }).setProtectedHeader({ alg: Algorithm, typ: "JWT", kid }).sign(privateKey)
      )
      return { accessToken: Redacted.make(token), expiresIn, claims }
    })

    const verifyAccessToken = Effect.fn("TokenIssuer.verifyAccessToken")(function* (token: string, audience: string) {
      const now = yield* Clock.currentTimeMillis
      const { payload } = yield* Effect.tryPromise({
        try: () =>
          Jose.jwtVerify(token, keySet, {
            algorithms: [Algorithm],
            issuer: options.issuer,
            audience,
            currentDate: new Date(now),
            requiredClaims: ["exp", "iat", "sub"]
          }),
        catch: toVerifyError(audience)
      })
      return yield* Schema.decodeUnknown(AccessTokenClaims)(payload).pipe(
        Effect.mapError((error) => new TokenInvalid({ message: error.message }))
      )
    })

    return TokenIssuer.of({ issuer: options.issuer, jwks, issue, verifyAccessToken })
  })

  static readonly layerWith = (options: TokenIssuerOptions): Layer.Layer<TokenIssuer> =>
    Layer.effect(TokenIssuer, TokenIssuer.make(options))

  /** From `SimulatorConfig`; the issuer defaults to the server's base URL plus `/`, like Auth0's `https://tenant/`. */
  static readonly layer: Layer.Layer<TokenIssuer, never, SimulatorConfig | SimulatorInfo> = Layer.effect(
    TokenIssuer,
    Effect.gen(function* () {
      const config = yield* SimulatorConfig
      const info = yield* SimulatorInfo
      return yield* TokenIssuer.make({
        issuer: Option.getOrElse(config.issuer, () => `${info.baseUrl}/`),
        tokenTtl: config.tokenTtl,
        tokenTtlByAudience: config.tokenTtlByAudience
      })
    })
  )
}
