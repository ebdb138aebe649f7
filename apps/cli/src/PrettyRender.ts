/**
 * `Doc.render(doc, { style: "pretty" })` of `@effect/printer-ansi` without its Effect machinery: the same
 * Wadler–Leijen layout and ANSI rendering as plain loops. `@effect/printer` lays out and renders through
 * `Effect.gen`/`Effect.runSync` per document node (for stack safety), which made `its --help` (a 22 KB document)
 * spend ~250 ms in rendering alone. The bundle (`tools/scripts/bundle.mjs cli`) makes `@effect/cli`'s
 * `HelpDoc.toAnsiText` use `renderPretty` (and skip `Optimize`, which only fuses nodes); `pnpm its` (tsx on the
 * sources) keeps the library's own renderer. `test/PrettyRender.test.ts` checks both give the same text.
 *
 * Faithful to the library's quirks on purpose: after an annotation ends, the layout continues as if at column 0
 * (`UndoAnnotation` resets to the initial column), a line break gets no indentation when the next token is a line
 * break or the end, and the ANSI style stack keeps the annotations themselves (not their combination).
 */
import * as Ansi from "@effect/printer-ansi/Ansi"
import type { Doc } from "@effect/printer/Doc"
import * as PageWidth from "@effect/printer/PageWidth"

type Token =
  | { readonly _tag: "Text"; readonly text: string }
  | { readonly _tag: "Line"; readonly indent: number }
  | { readonly _tag: "Push"; readonly annotation: Ansi.Ansi }
  | { readonly _tag: "Pop" }
  | { readonly _tag: "Fail" }

/** What remains to lay out: documents (each with its nesting level) and the ends of annotations. */
type Pipeline<A> =
  | { readonly _tag: "Cons"; readonly indent: number; readonly doc: Doc<A>; readonly next: Pipeline<A> }
  | { readonly _tag: "Undo"; readonly next: Pipeline<A> }
  | undefined

const pop: Token = { _tag: "Pop" }
const fail: Token = { _tag: "Fail" }
const cons = <A>(indent: number, doc: Doc<A>, next: Pipeline<A>): Pipeline<A> => ({ _tag: "Cons", indent, doc, next })

/** Whether the first line of `tokens` fits in `width` columns (`fitsPretty`). */
const fits = (tokens: ReadonlyArray<Token>, width: number): boolean => {
  let w = width
  for (const token of tokens) {
    if (w < 0) return false
    if (token._tag === "Fail") return false
    if (token._tag === "Line") return true
    if (token._tag === "Text") w -= token.text.length
  }
  return w >= 0
}

const layout = <A>(start: Pipeline<A>, startNesting: number, startColumn: number): Array<Token> => {
  const page = PageWidth.defaultPageWidth
  const out: Array<Token> = []
  let pipeline = start
  let nesting = startNesting
  let column = startColumn
  while (pipeline !== undefined) {
    if (pipeline._tag === "Undo") {
      out.push(pop)
      // The library continues with the layout's initial nesting and column (0, 0) here.
      nesting = 0
      column = 0
      pipeline = pipeline.next
      continue
    }
    const { indent, doc, next } = pipeline
    switch (doc._tag) {
      case "Fail":
        out.push(fail)
        return out
      case "Empty":
        pipeline = next
        break
      case "Char":
        out.push({ _tag: "Text", text: doc.char })
        column += 1
        pipeline = next
        break
      case "Text":
        out.push({ _tag: "Text", text: doc.text })
        column += doc.text.length
        pipeline = next
        break
      case "Line":
        out.push({ _tag: "Line", indent })
        nesting = indent
        column = indent
        pipeline = next
        break
      case "FlatAlt":
        pipeline = cons(indent, doc.left, next)
        break
      case "Cat":
        pipeline = cons(indent, doc.left, cons(indent, doc.right, next))
        break
      case "Nest":
        pipeline = cons(indent + doc.indent, doc.doc, next)
        break
      case "Union": {
        const left = layout(cons(indent, doc.left, next), nesting, column)
        const width =
          page._tag === "AvailablePerLine"
            ? PageWidth.remainingWidth(page.lineWidth, page.ribbonFraction, nesting, column)
            : Number.POSITIVE_INFINITY
        for (const token of fits(left, width) ? left : layout(cons(indent, doc.right, next), nesting, column)) {
          out.push(token)
        }
        return out
      }
      case "Column":
        pipeline = cons(indent, doc.react(column), next)
        break
      case "WithPageWidth":
        pipeline = cons(indent, doc.react(page), next)
        break
      case "Nesting":
        pipeline = cons(indent, doc.react(indent), next)
        break
      case "Annotated":
        out.push({ _tag: "Push", annotation: doc.annotation as Ansi.Ansi })
        pipeline = cons(indent, doc.doc, { _tag: "Undo", next })
        break
    }
  }
  return out
}

/** The empty style (`Ansi.none` is not exported): its escape sequence is a plain reset. */
const none = null
const reset = "\u001b[0m"

const peek = (stack: ReadonlyArray<Ansi.Ansi | typeof none>): Ansi.Ansi | typeof none => {
  if (stack.length === 0) throw new Error("PrettyRender: annotation stack underflow")
  return stack[stack.length - 1]!
}

/** The text of `doc` laid out for the default page width (80 columns), with ANSI escapes for its annotations. */
export const renderPretty = (doc: Doc<Ansi.Ansi>): string => {
  const tokens = layout(cons(0, doc, undefined), 0, 0)
  const stack: Array<Ansi.Ansi | typeof none> = [none]
  let text = ""
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    switch (token._tag) {
      case "Text":
        text += token.text
        break
      case "Line": {
        // No indentation without text after it on the same line (no trailing whitespace).
        const following = tokens[i + 1]
        text += following === undefined || following._tag === "Line" ? "\n" : `\n${" ".repeat(token.indent)}`
        break
      }
      case "Push": {
        const current = peek(stack)
        text += Ansi.stringify(current === none ? token.annotation : Ansi.combine(token.annotation, current))
        stack.push(token.annotation)
        break
      }
      case "Pop": {
        stack.pop()
        const current = peek(stack)
        text += current === none ? reset : Ansi.stringify(current)
        break
      }
      case "Fail":
        throw new Error("PrettyRender: attempted to render a failed document")
    }
  }
  return text
}
