/**
 * `its credentials import`: open the encrypted credentials file Sportradar delivers (OpenPGP by default, through
 * the pluggable `Decryptor`), parse it (JSON, KEY=VALUE or YAML; per environment when present) and write the
 * credentials file (mode 0600, atomic) or print `export` lines. Nothing is written on any failure.
 * `its credentials keygen`: the key pair whose public half goes to Sportradar.
 */
import { Command, Options } from "@effect/cli"
import { Config, Effect, Either, Layer, Option, type Redacted } from "effect"
import { type DecryptionFailed, Decryptor } from "../credentials/Decryptor.ts"
import { parseCredentials, renderEnvFile, renderExports, selectCredentials } from "../credentials/Format.ts"
import { writeSecretFile } from "../credentials/SecureFile.ts"
import { AuthFailure, InputError } from "../Failure.ts"
import { readBytes } from "../Input.ts"
import { emit, stdout } from "../Output.ts"
import { leaf } from "../Run.ts"

/** openpgp is large: loaded only by the two commands that use it. */
const openPgp = Effect.promise(() => import("../credentials/OpenPgp.ts"))

/** The passphrase from the environment variable `--passphrase-env` names (never from the command line). */
const passphraseFrom = (variable: Option.Option<string>) =>
  Option.match(variable, {
    onNone: () => Effect.succeed(Option.none<Redacted.Redacted<string>>()),
    onSome: (name) =>
      Effect.map(Config.redacted(name), Option.some).pipe(
        Effect.mapError(() => new InputError({ message: `--passphrase-env: the variable ${name} is not set` }))
      )
  })

const decryptionError = (e: DecryptionFailed) =>
  e.reason === "wrong-key" || e.reason === "wrong-passphrase" || e.reason === "passphrase-required"
    ? new AuthFailure({
        message: e.message,
        hint:
          e.reason === "wrong-key"
            ? "use the private key whose public half you sent to Sportradar"
            : "pass the key's passphrase through --passphrase-env VAR"
      })
    : new InputError({ message: e.message })

export interface ImportOptions {
  readonly input: string
  readonly key: string
  readonly passphraseEnv: Option.Option<string>
  readonly format: "auto" | "json" | "env" | "yaml"
  readonly environment: Option.Option<string>
}

/** Decrypt, parse and select: everything before anything is written. */
export const importCredentials = (options: ImportOptions) =>
  Effect.gen(function* () {
    const decryptor = yield* Decryptor
    const encrypted = yield* readBytes(options.input)
    const privateKey = yield* readBytes(options.key)
    const passphrase = yield* passphraseFrom(options.passphraseEnv)
    const plaintext = yield* decryptor
      .decrypt(encrypted, { privateKey, passphrase })
      .pipe(Effect.mapError(decryptionError))
    const sets = yield* parseCredentials(new TextDecoder().decode(plaintext), options.format).pipe(
      Effect.mapError((problem) => new InputError({ message: `decrypted credentials: ${problem}` }))
    )
    return yield* Either.mapLeft(
      selectCredentials(sets, Option.getOrUndefined(options.environment)),
      (message) => new InputError({ message })
    )
  })

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
  (args) =>
    Effect.gen(function* () {
      if (Option.isNone(args.out) === !args.exportLines)
        return yield* new InputError({ message: "give exactly one of --out FILE and --export" })
      if (args.exportLines && !args.show)
        return yield* new InputError({
          message: "--export prints the client secret: add --show to confirm, or write a file with --out"
        })
      const { name, credentials } = yield* importCredentials(args)
      const summary = {
        environment: name,
        clientId: credentials.clientId,
        clientSecret: "<redacted>",
        audience: credentials.audience ?? null
      }
      if (args.exportLines) return yield* stdout(renderExports(name, credentials))
      const out = Option.getOrThrow(args.out)
      yield* writeSecretFile(out, renderEnvFile(name, credentials), { overwrite: args.force })
      yield* emit(
        { ...summary, file: out },
        () => `wrote ${out} (mode 0600): ${name} credentials for client ${credentials.clientId}`
      )
    }).pipe(Effect.provide(Layer.unwrapEffect(Effect.map(openPgp, (m) => m.OpenPgpDecryptor))))
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
  (args) =>
    Effect.gen(function* () {
      const passphrase = yield* passphraseFrom(args.passphraseEnv)
      const { generateKeyPair } = yield* openPgp
      const pair = yield* generateKeyPair({ name: args.name, email: Option.getOrUndefined(args.email), passphrase })
      yield* writeSecretFile(args.privateKey, pair.privateKey, { overwrite: args.force })
      yield* writeSecretFile(args.publicKey, pair.publicKey, { overwrite: args.force, mode: 0o644 })
      yield* emit(
        {
          fingerprint: pair.fingerprint,
          privateKey: args.privateKey,
          publicKey: args.publicKey,
          protected: Option.isSome(passphrase)
        },
        () =>
          `fingerprint  ${pair.fingerprint}\nprivate key  ${args.privateKey} (mode 0600${Option.isSome(passphrase) ? ", passphrase-protected" : ", NOT passphrase-protected"})\npublic key   ${args.publicKey} (send this one to Sportradar)`
      )
    })
)

export const credentialsCommand = Command.make("credentials").pipe(
  Command.withDescription(
    "Credential delivery: create a key pair, import the encrypted credentials file.\n\nExample: its credentials keygen && its credentials import --in creds.gpg --key its-credentials.key --out its.env"
  ),
  Command.withSubcommands([importCommand, keygenCommand])
)
