import { CliConfig, CommandDescriptor, HelpDoc, Usage } from "@effect/cli"
import * as Span from "@effect/cli/HelpDoc/Span"
import { describe, expect, it } from "@effect/vitest"
import * as Ansi from "@effect/printer-ansi/Ansi"
import * as Doc from "@effect/printer-ansi/AnsiDoc"
import { root } from "../src/Cli.ts"
import { renderPretty } from "../src/PrettyRender.ts"

/** Every command of the tree, depth first (through the descriptor's structure: `getSubcommands` is one level). */
type Node = { _tag: string; command?: Node; parent?: Node; children?: ReadonlyArray<Node> }
const descriptors = (node: Node): Array<CommandDescriptor.Command<unknown>> =>
  node._tag === "Map"
    ? descriptors(node.command!)
    : node._tag === "Subcommands"
      ? [node as never, ...node.children!.flatMap(descriptors)]
      : [node as never]

describe("renderPretty (the bundle's help renderer)", () => {
  it("renders the help of every `its` command as @effect/cli does", () => {
    const all = descriptors(root.descriptor as unknown as Node)
    expect(all.length).toBeGreaterThan(20)
    for (const command of all) {
      // As `its … --help` prints it: a banner, the usage, then the command's help.
      const help = HelpDoc.sequence(
        HelpDoc.h1(Span.code("its")),
        HelpDoc.sequence(
          HelpDoc.h1("USAGE"),
          HelpDoc.sequence(
            Usage.getHelp(CommandDescriptor.getUsage(command)),
            CommandDescriptor.getHelp(command, CliConfig.defaultConfig)
          )
        )
      )
      expect(renderPretty(HelpDoc.toAnsiDoc(help))).toBe(HelpDoc.toAnsiText(help))
    }
  })

  it("matches Doc.render(…, pretty) on documents with groups, alignment and nested styles", () => {
    const words = "a long paragraph that has to be reflowed over several lines at eighty columns ".repeat(4)
    const docs = [
      Doc.reflow(words),
      Doc.hang(Doc.reflow(words), 4),
      Doc.cats([Doc.annotate(Doc.text("name"), Ansi.bold), Doc.empty, Doc.indent(Doc.reflow(words), 2)]),
      Doc.group(Doc.vsep([Doc.text("one"), Doc.text("two"), Doc.text("three")])),
      Doc.group(Doc.vsep(Array.from({ length: 30 }, (_, i) => Doc.text(`item${i}`)))),
      Doc.annotate(
        Doc.cat(Doc.annotate(Doc.text("red"), Ansi.red), Doc.annotate(Doc.text(" under"), Ansi.underlined)),
        Ansi.bold
      ),
      Doc.nest(Doc.vsep([Doc.text("x"), Doc.empty, Doc.text("y")]), 3),
      Doc.align(Doc.vsep([Doc.text("aligned"), Doc.fillSep(words.split(" ").map((w) => Doc.text(w)))])),
      Doc.pageWidth((width) => Doc.text(JSON.stringify(width)))
    ]
    for (const doc of docs) expect(renderPretty(doc)).toBe(Doc.render(doc, { style: "pretty" }))
  })
})
