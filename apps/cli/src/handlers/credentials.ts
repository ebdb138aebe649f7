/**
 * `its credentials import`: open the encrypted credentials file Sportradar delivers (OpenPGP by default, through
 * the pluggable `Decryptor`), parse it (JSON, KEY=VALUE or YAML; per environment when present) and write the
 * credentials file (mode 0600, atomic) or print `export` lines. Nothing is written on any failure.
 * `its credentials keygen`: the key pair whose public half goes to Sportradar. (The commands: `commands/credentials.ts`.)
 */
import { Config, Effect, Either, Layer, Option, type Redacted } from "effect"
import { type DecryptionFailed, Decryptor } from "../credentials/Decryptor.ts"
import { parseCredentials, renderEnvFile, renderExports, selectCredentials } from "../credentials/Format.ts"
import { writeSecretFile } from "../credentials/SecureFile.ts"
import { AuthFailure, InputError } from "../Failure.ts"
import { readBytes } from "../Input.ts"
import { emit, stdout } from "../Output.ts"

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

export interface ImportArgs extends ImportOptions {
  readonly out: Option.Option<string>
  readonly exportLines: boolean
  readonly show: boolean
  readonly force: boolean
}

/** `its credentials import`: decrypt, parse, then write the file (0600) or print `export` lines. */
export const runImport = (args: ImportArgs) =>
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
  }).pipe(Effect.provide(Layer.unwrapEffect(Effect.map(openPgp, (m) => m.layer))))

export interface KeygenArgs {
  readonly privateKey: string
  readonly publicKey: string
  readonly name: string
  readonly email: Option.Option<string>
  readonly passphraseEnv: Option.Option<string>
  readonly force: boolean
}

/** `its credentials keygen`: the key pair, private key 0600, public key 0644. */
export const runKeygen = (args: KeygenArgs) =>
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
