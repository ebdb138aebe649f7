import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Redacted } from "effect"
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as openpgp from "openpgp"
import { importCredentials } from "../src/handlers/credentials.ts"
import * as OpenPgp from "../src/credentials/OpenPgp.ts"
import { writeSecretFile } from "../src/credentials/SecureFile.ts"

const dir = mkdtempSync(join(tmpdir(), "its-cli-pgp-"))
const content = JSON.stringify({ client_id: "client-7", client_secret: "sup3r-s3cret", audience: "mts-insight-tech" })

const setup = Effect.gen(function* () {
  process.env.TEST_PASSPHRASE = "correct horse"
  process.env.WRONG_PASSPHRASE = "battery staple"
  const ours = yield* OpenPgp.generateKeyPair({
    name: "test",
    passphrase: Option.some(Redacted.make("correct horse"))
  })
  const other = yield* OpenPgp.generateKeyPair({ name: "other", passphrase: Option.none() })
  const encryptTo = (publicKey: string, text: string, armored: boolean) =>
    Effect.promise(async () => {
      const key = await openpgp.readKey({ armoredKey: publicKey })
      const message = await openpgp.createMessage({ text })
      return armored
        ? await openpgp.encrypt({ message, encryptionKeys: key })
        : await openpgp.encrypt({ message, encryptionKeys: key, format: "binary" })
    })
  const file = (name: string, data: string | Uint8Array) => {
    const path = join(dir, name)
    writeFileSync(path, data)
    return path
  }
  return {
    key: file("ours.key", ours.privateKey),
    otherKey: file("other.key", other.privateKey),
    armored: file("creds.asc", (yield* encryptTo(ours.publicKey, content, true)) as string),
    binary: file("creds.gpg", (yield* encryptTo(ours.publicKey, content, false)) as Uint8Array),
    missing: file("missing.asc", (yield* encryptTo(ours.publicKey, '{"client_id":"x"}', true)) as string),
    corrupt: file(
      "corrupt.asc",
      `${((yield* encryptTo(ours.publicKey, content, true)) as string).slice(0, 200)}garbage\n`
    )
  }
})

const run = (input: string, key: string, passphraseEnv?: string) =>
  importCredentials({
    input,
    key,
    passphraseEnv: Option.fromNullable(passphraseEnv),
    format: "auto",
    environment: Option.none()
  }).pipe(Effect.provide(OpenPgp.layer))

describe("OpenPGP credentials import", () => {
  it.effect("right key + passphrase, armored and binary", () =>
    Effect.gen(function* () {
      const f = yield* setup
      for (const input of [f.armored, f.binary]) {
        const { name, credentials } = yield* run(input, f.key, "TEST_PASSPHRASE")
        expect(name).toBe("default")
        expect(credentials.clientId).toBe("client-7")
        expect(Redacted.value(credentials.clientSecret)).toBe("sup3r-s3cret")
      }
    })
  )

  it.effect("wrong key, wrong or missing passphrase → auth failures (exit 3)", () =>
    Effect.gen(function* () {
      const f = yield* setup
      const wrongKey = yield* Effect.flip(run(f.armored, f.otherKey))
      expect(wrongKey._tag).toBe("AuthFailure")
      expect(wrongKey.message).toContain("not to this private key")
      const wrongPass = yield* Effect.flip(run(f.armored, f.key, "WRONG_PASSPHRASE"))
      expect(wrongPass).toMatchObject({ _tag: "AuthFailure", message: "wrong passphrase for the private key" })
      const noPass = yield* Effect.flip(run(f.armored, f.key))
      expect(noPass._tag).toBe("AuthFailure")
      expect(JSON.stringify([wrongKey, wrongPass, noPass])).not.toContain("correct horse")
    })
  )

  it.effect("corrupted file, not a key, missing field, unset passphrase variable → input errors (exit 2)", () =>
    Effect.gen(function* () {
      const f = yield* setup
      expect((yield* Effect.flip(run(f.corrupt, f.key, "TEST_PASSPHRASE")))._tag).toBe("InputError")
      expect((yield* Effect.flip(run(f.armored, f.armored, "TEST_PASSPHRASE")))._tag).toBe("InputError")
      const missing = yield* Effect.flip(run(f.missing, f.key, "TEST_PASSPHRASE"))
      expect(missing).toMatchObject({ _tag: "InputError", message: "decrypted credentials: missing client_secret" })
      expect((yield* Effect.flip(run(f.armored, f.key, "ITS_NO_SUCH_VARIABLE")))._tag).toBe("InputError")
      expect((yield* Effect.flip(run(join(dir, "absent.asc"), f.key)))._tag).toBe("InputError")
    })
  )
})

describe("secret files", () => {
  it.effect("mode 0600, atomic, no overwrite without force, nothing left on failure", () =>
    Effect.gen(function* () {
      const path = join(dir, "out.env")
      yield* writeSecretFile(path, "A=1\n", { overwrite: false })
      expect(statSync(path).mode & 0o777).toBe(0o600)
      expect((yield* Effect.flip(writeSecretFile(path, "A=2\n", { overwrite: false })))._tag).toBe("InputError")
      expect(readFileSync(path, "utf8")).toBe("A=1\n")
      yield* writeSecretFile(path, "A=3\n", { overwrite: true })
      expect(readFileSync(path, "utf8")).toBe("A=3\n")
      const nowhere = join(dir, "no-such-dir", "x.env")
      expect((yield* Effect.flip(writeSecretFile(nowhere, "A=1\n", { overwrite: false })))._tag).toBe("InputError")
      expect(existsSync(nowhere)).toBe(false)
    })
  )
})
