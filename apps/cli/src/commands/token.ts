/** `its token`: obtain a token for an audience; the token itself only with `--show`. */
import { Options } from "@effect/cli"
import { lazy, leaf } from "../Leaf.ts"

export const tokenCommand = leaf(
  "token",
  {
    audience: Options.text("audience").pipe(
      Options.withDescription("token audience (default: the REST audience; `ws` = the data-plane audience)"),
      Options.optional
    ),
    show: Options.boolean("show").pipe(Options.withDescription("also print the access token (a secret)")),
    decode: Options.boolean("decode").pipe(Options.withDescription("print the JWT header and claims (not verified)"))
  },
  "Obtain an access token and print its audience, expiry and lifetime (the token only with --show). Always direct to ITS, also with --via-gateway.\n\nExample: its token --audience ws --decode",
  lazy(
    () => import("../handlers/token.ts"),
    (m) => m.token
  )
)
