/**
 * The collector the semantic rules (`Rules.ts`) report into, and their JSON paths. A path is a chain of cells built
 * as the rules descend and rendered (by `@its/auth`'s `formatPath`) only when a problem is reported, so a valid
 * request costs no path strings.
 */
import type { BigDecimal } from "effect"
import type { NumberRange, TextLimit, TicketLimitsShape } from "./Limits.ts"
import { formatPath, Problem, ProblemCode } from "./Problem.ts"

/** A JSON path from the envelope root: `undefined` is `$`. */
export type Path = { readonly parent: Path; readonly key: PropertyKey } | undefined

/** `path` extended by one to three keys. */
export const at = (path: Path, a: PropertyKey, b?: PropertyKey, c?: PropertyKey): Path => {
  let out: Path = { parent: path, key: a }
  if (b !== undefined) out = { parent: out, key: b }
  if (c !== undefined) out = { parent: out, key: c }
  return out
}

const segments = (path: Path): Array<PropertyKey> => {
  const out: Array<PropertyKey> = []
  for (let p = path; p !== undefined; p = p.parent) out.push(p.key)
  return out.reverse()
}

// Values derived from a limits object (tables, messages), computed once per limits object.
const derivedCache = new WeakMap<TicketLimitsShape, Map<unknown, unknown>>()

export class Checker {
  readonly problems: Array<Problem> = []
  constructor(readonly limits: TicketLimitsShape) {}

  /** `make(limits)`, cached for these limits. */
  derived<A>(make: (limits: TicketLimitsShape) => A): A {
    let byMaker = derivedCache.get(this.limits)
    if (byMaker === undefined) {
      byMaker = new Map()
      derivedCache.set(this.limits, byMaker)
    }
    if (!byMaker.has(make)) byMaker.set(make, make(this.limits))
    return byMaker.get(make) as A
  }

  report(path: Path, code: ProblemCode, message: string): void {
    this.problems.push(new Problem({ path: formatPath(segments(path)), code, message }))
  }

  /** Mandatory text must be non-empty (-100); any text must fit its limit (`code`, default -107). */
  text(
    path: Path,
    value: string | undefined,
    limit: TextLimit,
    options: { readonly mandatory: boolean; readonly code?: ProblemCode }
  ): void {
    if (value === undefined) return
    const code = options.code ?? ProblemCode.OutOfRange
    if (value.length === 0) {
      this.report(path, options.mandatory ? ProblemCode.MissingMandatory : code, "must not be empty")
    } else if (value.length < limit.minLength || value.length > limit.maxLength) {
      this.report(path, code, `length ${value.length} is outside ${limit.minLength}..${limit.maxLength}`)
    } else if (limit.pattern !== undefined && !limit.pattern.test(value)) {
      this.report(path, code, `does not match ${limit.pattern}`)
    }
  }

  /** Mandatory text without a documented limit: only emptiness is checked. */
  nonEmpty(path: Path, value: string): void {
    if (value.length === 0) this.report(path, ProblemCode.MissingMandatory, "must not be empty")
  }

  /** Mandatory arrays must have at least one element. */
  nonEmptyArray(path: Path, values: ReadonlyArray<unknown>): boolean {
    if (values.length > 0) return true
    this.report(path, ProblemCode.MissingMandatory, "must not be empty")
    return false
  }

  range(path: Path, value: number, range: NumberRange, code: ProblemCode): void {
    if (value < range.min || value > range.max)
      this.report(path, code, `${value} is outside ${range.min}..${range.max}`)
  }

  /** `expectation` may be a function, so its text is only built when the value is wrong. */
  decimal(
    path: Path,
    value: { readonly text: string; readonly value: BigDecimal.BigDecimal },
    valid: (v: BigDecimal.BigDecimal) => boolean,
    expectation: string | (() => string)
  ): void {
    if (!valid(value.value)) {
      const expected = typeof expectation === "string" ? expectation : expectation()
      this.report(path, ProblemCode.OutOfRange, `must be ${expected}, actual ${value.text}`)
    }
  }
}
