/** `its token`: obtain a token for an audience; the token itself only with `--show` (the command: `commands/token.ts`). */
import { AccessToken, TokenProvider } from "@its/auth"
import { ItsEnvironment } from "@its/transport"
import { Effect, Option, Redacted } from "effect"
import { TokensLayer } from "../Layers.ts"
import { emit, fields } from "../Output.ts"

/** Header and claims of a JWT, not verified; `undefined` when the token is not a JWT. */
export const decodeJwt = (token: string): { header: unknown; claims: unknown } | undefined => {
  const parts = token.split(".")
  if (parts.length !== 3) return undefined
  try {
    const part = (s: string) => JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as unknown
    return { header: part(parts[0]!), claims: part(parts[1]!) }
  } catch {
    return undefined
  }
}

const iso = (ms: number) => new Date(ms).toISOString()

export interface TokenArgs {
  readonly audience: Option.Option<string>
  readonly show: boolean
  readonly decode: boolean
}

export const token = ({ audience, show, decode }: TokenArgs) =>
  Effect.gen(function* () {
    const env = yield* ItsEnvironment
    const tokens = yield* TokenProvider
    const wanted = Option.match(audience, {
      onNone: () => env.audience,
      onSome: (a) => (a === "ws" ? env.wsAudience : a === "rest" ? env.audience : a)
    })
    const token = yield* tokens.get(wanted)
    const value = Redacted.value(token.value)
    const decoded = decode ? decodeJwt(value) : undefined
    const lifetimeSeconds = Math.round((token.expiresAt - token.issuedAt) / 1000)
    const json = {
      audience: token.audience,
      issuedAt: iso(token.issuedAt),
      expiresAt: iso(token.expiresAt),
      refreshAt: iso(token.refreshAt),
      lifetimeSeconds,
      ...(decode ? { jwt: decoded ?? null } : {}),
      ...(show ? { accessToken: AccessToken.bearer(token) } : {})
    }
    yield* emit(json, () =>
      [
        fields([
          ["audience", token.audience],
          ["issued", json.issuedAt],
          ["expires", json.expiresAt],
          ["refresh at", json.refreshAt],
          ["lifetime", `${lifetimeSeconds} s`]
        ]),
        ...(decode
          ? [
              decoded === undefined
                ? "the token is not a JWT"
                : `header  ${JSON.stringify(decoded.header)}\nclaims  ${JSON.stringify(decoded.claims, null, 2)}`
            ]
          : []),
        ...(show ? [`token   ${value}`] : [])
      ].join("\n")
    )
  }).pipe(Effect.provide(TokensLayer))
