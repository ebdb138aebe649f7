/**
 * `its credentials import`: open the encrypted credentials file Sportradar delivers and write the credentials file
 * (mode 0600) or print `export` lines; `its credentials keygen`: the key pair whose public half goes to Sportradar.
 * The implementations: `handlers/credentials.ts`.
 */
import { Command, Options } from "@effect/cli"
import { lazy, leaf } from "../Leaf.ts"

const credentials = () => import("../handlers/credentials.ts")

const importCommand = leaf(
  "import",
  {
    input: Options.text("in").pipe(
      Options.withDescription("the encrypted file (armored or binary OpenPGP); - = stdin")
    ),
    key: Options.text("key").pipe(Options.withDescription("your OpenPGP private key (armored or binary)")),
    passphraseEnv: Options.text("passphrase-env").pipe(
      Options.withDescription("environment variable holding the private key's passphrase"),
      Options.optional
    ),
    out: Options.text("out").pipe(
      Options.withDescription("write the credentials file here (mode 0600)"),
      Options.optional
    ),
    // Not `--env`: that is the global `--env local|integration|production` of every command.
    exportLines: Options.boolean("export").pipe(
      Options.withDescription("print `export` lines instead of writing a file (prints the secret: needs --show)")
    ),
    show: Options.boolean("show").pipe(Options.withDescription("allow printing the client secret")),
    force: Options.boolean("force").pipe(Options.withDescription("replace an existing --out file")),
    format: Options.choice("format", ["auto", "json", "env", "yaml"]).pipe(
      Options.withDescription("format of the decrypted content"),
      Options.withDefault("auto" as const)
    ),
    environment: Options.text("environment").pipe(
      Options.withDescription("which environment's credentials when the file holds several"),
      Options.optional
    )
  },
  "Decrypt the credentials file Sportradar sent, and write ITS_ENV / ITS_CLIENT_ID / ITS_CLIENT_SECRET / ITS_AUDIENCE lines to a 0600 file (use it with ITS_CREDENTIALS_FILE=FILE or `set -a; . FILE`).\n\nExample: its credentials import --in its-credentials.gpg --key its.key --passphrase-env ITS_KEY_PASSPHRASE --out ~/.its/integration.env",
  lazy(credentials, (m) => m.runImport)
)

const keygenCommand = leaf(
  "keygen",
  {
    privateKey: Options.text("private-key").pipe(
      Options.withDescription("where to write the private key (mode 0600)"),
      Options.withDefault("its-credentials.key")
    ),
    publicKey: Options.text("public-key").pipe(
      Options.withDescription("where to write the public key (send this one to Sportradar)"),
      Options.withDefault("its-credentials.pub.asc")
    ),
    name: Options.text("name").pipe(Options.withDescription("user id name"), Options.withDefault("ITS credentials")),
    email: Options.text("email").pipe(Options.withDescription("user id e-mail"), Options.optional),
    passphraseEnv: Options.text("passphrase-env").pipe(
      Options.withDescription("environment variable holding a passphrase to protect the private key"),
      Options.optional
    ),
    force: Options.boolean("force").pipe(Options.withDescription("replace existing key files"))
  },
  "Create the OpenPGP key pair for credential delivery: the public key goes to Sportradar, the private key (0600) stays with you.\n\nExample: ITS_KEY_PASSPHRASE=… its credentials keygen --passphrase-env ITS_KEY_PASSPHRASE --email ops@example.com",
  lazy(credentials, (m) => m.runKeygen)
)

export const credentialsCommand = Command.make("credentials").pipe(
  Command.withDescription(
    "Credential delivery: create a key pair, import the encrypted credentials file.\n\nExample: its credentials keygen && its credentials import --in creds.gpg --key its-credentials.key --out its.env"
  ),
  Command.withSubcommands([importCommand, keygenCommand])
)
