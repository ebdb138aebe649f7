/**
 * The decryption step of `its credentials import`, pluggable: Sportradar does not document how the credentials file
 * is encrypted (its-api.md §3, ASSUMPTION A14: OpenPGP to a key we generate). `Decryptor` is the interface;
 * `OpenPgp.ts` is the default implementation; another scheme (age, a Keeper export, …) is one more layer.
 */
import { Context, type Effect, type Option, type Redacted, Schema } from "effect"

/** The key material a decryptor gets: the private key file's bytes and an optional passphrase. */
export interface KeyMaterial {
  readonly privateKey: Uint8Array
  readonly passphrase: Option.Option<Redacted.Redacted<string>>
}

/** Why a file could not be decrypted. `reason` decides the exit code; `message` never contains key material. */
export class DecryptionFailed extends Schema.TaggedError<DecryptionFailed>()("DecryptionFailed", {
  reason: Schema.Literal("wrong-key", "wrong-passphrase", "passphrase-required", "corrupt-input", "bad-key"),
  message: Schema.String
}) {}

export interface DecryptorShape {
  /** A short name for messages (`openpgp`). */
  readonly name: string
  /** The plaintext of an encrypted file. */
  readonly decrypt: (input: Uint8Array, key: KeyMaterial) => Effect.Effect<Uint8Array, DecryptionFailed>
}

export class Decryptor extends Context.Tag("@its/cli/Decryptor")<Decryptor, DecryptorShape>() {}
