import { exampleShapes as ticketExampleShapes, informExampleKinds } from "@its/tickets"
import { describe, expect, it } from "vitest"
import { exampleShapes, informKinds } from "../src/commands/MessageOptions.ts"

describe("message command options", () => {
  it("name the same inform kinds and example shapes as @its/tickets, in its order", () => {
    expect(informKinds).toEqual(informExampleKinds)
    expect(exampleShapes).toEqual(ticketExampleShapes)
  })
})
