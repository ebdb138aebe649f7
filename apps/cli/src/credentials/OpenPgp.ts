/**
 * OpenPGP (RFC 4880 / 9580) with the `openpgp` library: the default `Decryptor`, and key-pair generation for
 * `its credentials keygen`. Armored and binary messages and keys are accepted; passphrase-protected keys need the
 * passphrase.
 */
import { Effect, Layer, Option, Redacted } from "effect"
import * as openpgp from "openpgp"
import { DecryptionFailed, Decryptor, type KeyMaterial } from "./Decryptor.ts"

const text = new TextDecoder()
const isArmored = (bytes: Uint8Array, kind: string) =>
  text.decode(bytes.subarray(0, 200)).includes(`-----BEGIN PGP ${kind}`)

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e))

const readKey = (bytes: Uint8Array) =>
  Effect.tryPromise({
    try: () =>
      isArmored(bytes, "PRIVATE KEY BLOCK")
        ? openpgp.readPrivateKey({ armoredKey: text.decode(bytes) })
        : openpgp.readPrivateKey({ binaryKey: bytes }),
    catch: (e) => new DecryptionFailed({ reason: "bad-key", message: `the private key cannot be read: ${reason(e)}` })
  })

const unlock = (key: openpgp.PrivateKey, passphrase: KeyMaterial["passphrase"]) =>
  key.isDecrypted()
    ? Effect.succeed(key)
    : Option.match(passphrase, {
        onNone: () =>
          Effect.fail(
            new DecryptionFailed({
              reason: "passphrase-required",
              message: "the private key is protected by a passphrase: pass --passphrase-env VAR"
            })
          ),
        onSome: (secret) =>
          Effect.tryPromise({
            try: () => openpgp.decryptKey({ privateKey: key, passphrase: Redacted.value(secret) }),
            catch: () =>
              new DecryptionFailed({ reason: "wrong-passphrase", message: "wrong passphrase for the private key" })
          })
      })

const readEncrypted = (bytes: Uint8Array) =>
  Effect.tryPromise({
    try: () =>
      isArmored(bytes, "MESSAGE")
        ? openpgp.readMessage({ armoredMessage: text.decode(bytes) })
        : openpgp.readMessage({ binaryMessage: bytes }),
    catch: (e) =>
      new DecryptionFailed({
        reason: "corrupt-input",
        message: `the credentials file is not a readable OpenPGP message: ${reason(e)}`
      })
  })

export const decrypt = Effect.fn("OpenPgp.decrypt")(function* (input: Uint8Array, material: KeyMaterial) {
  const key = yield* readKey(material.privateKey)
  const message = yield* readEncrypted(input)
  // Wrong key: none of the message's recipients is this key (or one of its subkeys).
  const recipients = message.getEncryptionKeyIDs().map((id) => id.toHex())
  const ours = key.getKeyIDs().map((id) => id.toHex())
  if (recipients.length > 0 && !recipients.some((id) => ours.includes(id) || /^0+$/.test(id))) {
    return yield* new DecryptionFailed({
      reason: "wrong-key",
      message: `the file is encrypted to key ${recipients.join(", ")}, not to this private key (${ours[0]})`
    })
  }
  const unlocked = yield* unlock(key, material.passphrase)
  const result = yield* Effect.tryPromise({
    try: () => openpgp.decrypt({ message, decryptionKeys: unlocked, format: "binary" }),
    catch: (e) => {
      const detail = reason(e)
      return /session key/i.test(detail)
        ? new DecryptionFailed({ reason: "wrong-key", message: `this private key cannot open the file: ${detail}` })
        : new DecryptionFailed({ reason: "corrupt-input", message: `the credentials file is damaged: ${detail}` })
    }
  })
  return result.data as Uint8Array
})

/** The OpenPGP implementation of `Decryptor` (the default of `its credentials import`). */
export const layer: Layer.Layer<Decryptor> = Layer.succeed(Decryptor, { name: "openpgp", decrypt })

export interface KeyPair {
  readonly privateKey: string
  readonly publicKey: string
  readonly fingerprint: string
}

/** A new OpenPGP key pair (Curve25519, armored); the private key is encrypted with the passphrase when given. */
export const generateKeyPair = Effect.fn("OpenPgp.generateKeyPair")(function* (options: {
  readonly name: string
  readonly email?: string | undefined
  readonly passphrase: Option.Option<Redacted.Redacted<string>>
}) {
  const userID = options.email === undefined ? { name: options.name } : { name: options.name, email: options.email }
  const pair = yield* Effect.promise(() =>
    openpgp.generateKey({
      type: "ecc",
      curve: "curve25519Legacy",
      userIDs: [userID],
      format: "armored",
      ...Option.match(options.passphrase, { onNone: () => ({}), onSome: (p) => ({ passphrase: Redacted.value(p) }) })
    })
  )
  const key = yield* Effect.promise(() => openpgp.readKey({ armoredKey: pair.publicKey }))
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, fingerprint: key.getFingerprint().toUpperCase() }
})
