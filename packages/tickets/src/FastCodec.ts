/**
 * A fast path for decoding and encoding, compiled once from the SAME Schemas (their AST), for the hot paths: a request
 * that is valid, a reply that is well formed.
 *
 * Why: Effect's Schema parser builds `Either`s, issue trees and union candidate lists on every call; a compiled plain
 * function does the same walk without them. It never decides alone that a message is invalid: on any doubt it answers
 * `Fallback`, and the caller runs the full Schema decode (errors: "all"), which produces the problems. So problems,
 * and every value it returns, are the Schema's own (a property test in `test/FastCodec.test.ts` checks agreement).
 *
 * Supported nodes: structs (no index signatures), arrays, literals, string / number / boolean / unknown, unions whose
 * members are structs discriminated by one literal field (or unions of literals), `suspend`, refinements (their
 * `filter` is called as is), final transformations and declarations whose parse is synchronous (`DecimalFromString`).
 * Any other node is delegated to Effect's own parser for that subtree. Excess properties are counted with `for…in`:
 * symbol and non-enumerable keys (never in JSON, nor in values built from this package's types) are not seen.
 */
import { Either, Option, ParseResult, Schema, SchemaAST } from "effect"

/** "Not decided here": the caller runs the full Schema parser. */
export const Fallback: unique symbol = Symbol.for("@its/tickets/FastCodec/Fallback")
export type Fallback = typeof Fallback

export type Compiled<A> = (input: unknown) => A | Fallback

type Parse = (input: unknown) => unknown

/**
 * Compiles the decoder of `schema` for one excess-property rule (`"error"` for requests, `"ignore"` for replies).
 * The result is a plain function; build it once, at module load or on first use.
 */
export const compileDecode = <A, I>(schema: Schema.Schema<A, I>, onExcessProperty: "error" | "ignore"): Compiled<A> =>
  new Compiler(onExcessProperty).go(schema.ast, true) as Compiled<A>

/** Like `compileDecode`, for `Type` → `Encoded`. */
export const compileEncode = <A, I>(schema: Schema.Schema<A, I>, onExcessProperty: "error" | "ignore"): Compiled<I> =>
  new Compiler(onExcessProperty).go(schema.ast, false) as Compiled<I>

const hasOwn = (o: object, key: PropertyKey) => Object.hasOwn(o, key)

/** An absent optional property, inside generated struct code. */
const Skip = Symbol("Skip")

/** A JavaScript condition on `v` for the simplest nodes, inlined into generated code; `undefined` for the rest. */
const inlineCheck = (ast: SchemaAST.AST, v: string): string | undefined => {
  if (annotatedParse(ast)) return undefined
  switch (ast._tag) {
    case "StringKeyword":
      return `typeof ${v} === "string"`
    case "NumberKeyword":
      return `typeof ${v} === "number"`
    case "BooleanKeyword":
      return `typeof ${v} === "boolean"`
    case "Literal":
      return typeof ast.literal === "string" || typeof ast.literal === "boolean" || ast.literal === null
        ? `${v} === ${JSON.stringify(ast.literal)}`
        : undefined
    default:
      return undefined
  }
}

/** A literal as JavaScript source (bigint literals end in `n`). */
const literalSource = (literal: SchemaAST.LiteralValue): string =>
  typeof literal === "bigint" ? `${literal}n` : JSON.stringify(literal)

/** Nodes whose parse Effect alters through annotations keep Effect's parser. */
const annotatedParse = (ast: SchemaAST.AST): boolean =>
  Option.isSome(SchemaAST.getParseOptionsAnnotation(ast)) || Option.isSome(SchemaAST.getDecodingFallbackAnnotation(ast))

class Compiler {
  private readonly memo = [new Map<SchemaAST.AST, Parse>(), new Map<SchemaAST.AST, Parse>()] as const
  private readonly options: SchemaAST.ParseOptions

  constructor(readonly onExcessProperty: "error" | "ignore") {
    this.options = { errors: "first", onExcessProperty }
  }

  go(ast: SchemaAST.AST, decoding: boolean): Parse {
    const memo = this.memo[decoding ? 0 : 1]
    const known = memo.get(ast)
    if (known !== undefined) return known
    // Registered before compiling children, so shared nodes compile once.
    let compiled: Parse | undefined
    const parse: Parse = (input) => compiled!(input)
    memo.set(ast, parse)
    compiled = this.node(ast, decoding)
    memo.set(ast, compiled)
    return compiled
  }

  private node(ast: SchemaAST.AST, decoding: boolean): Parse {
    if (annotatedParse(ast)) return this.delegate(ast, decoding)
    switch (ast._tag) {
      case "Literal": {
        const literal = ast.literal
        return (u) => (u === literal ? u : Fallback)
      }
      case "StringKeyword":
        return (u) => (typeof u === "string" ? u : Fallback)
      case "NumberKeyword":
        return (u) => (typeof u === "number" ? u : Fallback)
      case "BooleanKeyword":
        return (u) => (typeof u === "boolean" ? u : Fallback)
      case "UnknownKeyword":
      case "AnyKeyword":
        return (u) => u
      case "TupleType":
        return this.array(ast, decoding)
      case "TypeLiteral":
        return this.struct(ast, decoding)
      case "Union":
        return this.union(ast, decoding)
      case "Suspend": {
        let inner: Parse | undefined
        return (u) => {
          if (inner === undefined) inner = this.go(ast.f(), decoding)
          return inner(u)
        }
      }
      case "Refinement":
        return this.refinement(ast, decoding)
      case "Transformation":
        return this.transformation(ast, decoding)
      case "Declaration":
        return this.declaration(ast, decoding)
      default:
        return this.delegate(ast, decoding)
    }
  }

  /** Effect's own parser for a subtree (same options, first error only: the result of a success is the same). */
  private delegate(ast: SchemaAST.AST, decoding: boolean): Parse {
    const schema = Schema.make(ast)
    const parse = decoding
      ? ParseResult.decodeUnknownEither(schema, this.options)
      : ParseResult.encodeUnknownEither(schema, this.options)
    return (u) => {
      const result = parse(u)
      return Either.isRight(result) ? result.right : Fallback
    }
  }

  /** `Schema.Array(item)`: no fixed elements, one rest element. */
  private array(ast: SchemaAST.TupleType, decoding: boolean): Parse {
    if (ast.elements.length > 0 || ast.rest.length !== 1) return this.delegate(ast, decoding)
    const item = this.go(ast.rest[0]!.type, decoding)
    return (u) => {
      if (!Array.isArray(u)) return Fallback
      const out = new Array(u.length)
      for (let i = 0; i < u.length; i++) {
        const value = item(u[i])
        if (value === Fallback) return Fallback
        out[i] = value
      }
      return out
    }
  }

  /**
   * A struct becomes generated code (like ajv): fixed property names give V8 monomorphic loads and stores, where a
   * loop over names would make every access megamorphic. Strings, numbers, booleans and literals are checked inline.
   */
  private struct(ast: SchemaAST.TypeLiteral, decoding: boolean): Parse {
    if (ast.indexSignatures.length > 0 || ast.propertySignatures.some((p) => typeof p.name !== "string"))
      return this.delegate(ast, decoding)
    const parsers: Array<Parse> = []
    const lines = ["if (typeof u !== 'object' || u === null || Array.isArray(u)) return F", "let present = 0", "let v"]
    const outs: Array<string> = []
    ast.propertySignatures.forEach((p, i) => {
      const key = JSON.stringify(p.name)
      const check = inlineCheck(p.type, "v")
      let parse: string
      if (check !== undefined) parse = `if (!(${check})) return F`
      else {
        parsers.push(this.go(p.type, decoding))
        parse = `v = p[${parsers.length - 1}](v); if (v === F) return F`
      }
      // Like Effect: a missing optional key is skipped, a missing required one is parsed as `u[key]`.
      lines.push(
        `let v${i} = S`,
        `if (hasOwn(u, ${key})) { present++; v = u[${key}]; ${parse}; v${i} = v }`,
        p.isOptional ? "" : `else { v = u[${key}]; ${parse}; v${i} = v }`
      )
      outs.push(p.isOptional ? `if (v${i} !== S) out[${key}] = v${i}` : `out[${key}] = v${i}`)
    })
    // Every own key is an expected one exactly when their counts agree.
    // `for…in` allocates nothing (`Reflect.ownKeys` costs about 1 µs per object); it does not see symbol or
    // non-enumerable keys, which JSON never has.
    if (this.onExcessProperty === "error")
      lines.push("let n = 0", "for (const k in u) n++", "if (n !== present) return F")
    lines.push("const out = {}", ...outs, "return out")
    const factory = new Function("F", "S", "hasOwn", "p", `return function (u) {\n${lines.join("\n")}\n}`)
    return factory(Fallback, Skip, hasOwn, parsers) as Parse
  }

  /** Unions of literals, and unions of structs told apart by one required literal field with distinct values. */
  private union(ast: SchemaAST.Union, decoding: boolean): Parse {
    const members = flatten(ast)
    if (members.every(SchemaAST.isLiteral)) {
      const literals = new Set(members.map((m) => m.literal))
      return (u) => (literals.has(u as SchemaAST.LiteralValue) ? u : Fallback)
    }
    const key = discriminant(members)
    if (key === undefined) return this.delegate(ast, decoding)
    // Generated `switch` on the discriminant; each member is compiled on first use (a union may be recursive).
    const parsers = (members as ReadonlyArray<SchemaAST.TypeLiteral>).map((member) => {
      let parse: Parse | undefined
      return (u: unknown) => {
        if (parse === undefined) parse = this.go(member, decoding)
        return parse(u)
      }
    })
    const cases = (members as ReadonlyArray<SchemaAST.TypeLiteral>).map((member, i) => {
      const literal = member.propertySignatures.find((p) => p.name === key)!.type as SchemaAST.Literal
      return `case ${literalSource(literal.literal)}: return p[${i}](u)`
    })
    const body = [
      "if (typeof u !== 'object' || u === null) return F",
      `switch (u[${JSON.stringify(key)}]) {`,
      ...cases,
      "default: return F",
      "}"
    ]
    return new Function("F", "p", `return function (u) {\n${body.join("\n")}\n}`)(Fallback, parsers) as Parse
  }

  private refinement(ast: SchemaAST.Refinement, decoding: boolean): Parse {
    if (!decoding) {
      // Effect encodes a refinement by checking the type side, then encoding what it refines.
      const check = this.go(SchemaAST.typeAST(ast), true)
      let from: SchemaAST.AST = ast.from
      while (SchemaAST.isRefinement(from)) from = from.from
      const encode = this.go(from, false)
      return (u) => {
        const a = check(u)
        return a === Fallback ? Fallback : encode(a)
      }
    }
    const from = this.go(ast.from, true)
    const options = this.options
    return (u) => {
      const a = from(u)
      if (a === Fallback) return Fallback
      return Option.isNone(ast.filter(a, options, ast)) ? a : Fallback
    }
  }

  private transformation(ast: SchemaAST.Transformation, decoding: boolean): Parse {
    const t = ast.transformation
    if (!SchemaAST.isFinalTransformation(t)) return this.delegate(ast, decoding)
    const transform = decoding ? t.decode : t.encode
    const from = decoding ? this.go(ast.from, true) : this.go(ast.to, false)
    const to = decoding ? this.go(ast.to, true) : this.go(ast.from, false)
    const options = this.options
    return (u) => {
      const a = from(u)
      if (a === Fallback) return Fallback
      const b = synchronous(transform(a, options, ast, u))
      return b === Fallback ? Fallback : to(b)
    }
  }

  private declaration(ast: SchemaAST.Declaration, decoding: boolean): Parse {
    const parse = decoding ? ast.decodeUnknown(...ast.typeParameters) : ast.encodeUnknown(...ast.typeParameters)
    const options = this.options
    return (u) => synchronous(parse(u, options, ast))
  }
}

/** The value of a synchronous success; anything else (failure, an effectful parse) is left to Effect. */
const synchronous = (result: unknown): unknown =>
  Either.isEither(result) ? (Either.isRight(result) ? result.right : Fallback) : Fallback

const flatten = (ast: SchemaAST.Union): ReadonlyArray<SchemaAST.AST> =>
  ast.types.flatMap((t) => (SchemaAST.isUnion(t) ? flatten(t) : [t]))

/**
 * A field every member (a struct) has, required, typed by one literal, with a distinct value per member: then at
 * most one member can accept a value, whichever order Effect tries them in.
 */
const discriminant = (members: ReadonlyArray<SchemaAST.AST>): string | undefined => {
  if (members.length === 0 || !members.every(SchemaAST.isTypeLiteral)) return undefined
  const structs = members as ReadonlyArray<SchemaAST.TypeLiteral>
  const literalOf = (s: SchemaAST.TypeLiteral, key: string) => {
    const p = s.propertySignatures.find((p) => p.name === key)
    return p !== undefined && !p.isOptional && SchemaAST.isLiteral(p.type) ? p.type.literal : undefined
  }
  for (const p of structs[0]!.propertySignatures) {
    if (typeof p.name !== "string") continue
    const key = p.name
    const values = structs.map((s) => literalOf(s, key))
    if (values.every((v) => v !== undefined) && new Set(values).size === values.length) return key
  }
  return undefined
}
