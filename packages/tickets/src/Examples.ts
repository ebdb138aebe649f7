/**
 * One valid ticket of each common shape, built with the builders from values of the reference's docs examples.
 * The CLI prints them; tests validate them.
 */
import { accumulator, cash, cashAndBonus, customBet, external, single, systemTicket, uf } from "./Builders.ts"
import type { Ticket } from "./Ticket.ts"
import type { TicketContext } from "./TicketContext.ts"

export const exampleShapes = ["single", "accumulator", "system", "custom-bet", "external", "multi-stake"] as const
export type ExampleShape = (typeof exampleShapes)[number]

const context: TicketContext = {
  channel: { type: "internet", ip: "212.7.5.2", lang: "EN" },
  endCustomer: { id: "user_3454" },
  limitId: 1409
}

// 1X2 market (marketId "1") on pre-match soccer events (productId "3").
const matchResult = (match: number, outcomeId: "1" | "2" | "3", odds: string) =>
  uf({ productId: "3", eventId: `sr:match:${match}`, marketId: "1", outcomeId, odds })

const examples: { readonly [Shape in ExampleShape]: () => Ticket } = {
  // §6.1 "single pre-match bet on 1x2 market".
  single: () =>
    single({
      ticketId: "Ticket_3691",
      selection: matchResult(15050881, "2", "1.32"),
      stake: cash("10", "EUR"),
      context
    }),
  accumulator: () =>
    accumulator({
      ticketId: "Ticket_3692",
      betId: "Ticket_3692_bet_0",
      selections: [
        matchResult(15050881, "2", "1.32"),
        matchResult(15050883, "1", "2.10"),
        matchResult(15050885, "3", "3.4")
      ],
      stake: cash("5", "EUR"),
      context
    }),
  // A 2/3 system, one of the three selections a custom bet (docs example "system bet 2/3 including 1 custom bet").
  system: () =>
    systemTicket({
      ticketId: "Ticket_3693",
      size: [2],
      selections: [
        matchResult(15050881, "2", "1.32"),
        matchResult(15050883, "1", "2.10"),
        customBet(
          [
            matchResult(15050885, "1", "1.85"),
            uf({
              productId: "3",
              eventId: "sr:match:15050885",
              marketId: "18",
              specifiers: "total=2.5",
              outcomeId: "12",
              odds: "1.70"
            })
          ],
          "2.95"
        )
      ],
      stake: cash("1", "EUR", { mode: "unit" }),
      context
    }),
  // Three selections on one match priced together (docs example "single custom bet … with three selections").
  "custom-bet": () =>
    single({
      ticketId: "Ticket_3694",
      selection: customBet(
        [
          matchResult(15050881, "1", "1.85"),
          uf({
            productId: "3",
            eventId: "sr:match:15050881",
            marketId: "18",
            specifiers: "total=2.5",
            outcomeId: "12",
            odds: "1.70"
          }),
          uf({ productId: "3", eventId: "sr:match:15050881", marketId: "29", outcomeId: "74", odds: "1.90" })
        ],
        "4.75"
      ),
      stake: cash("10", "EUR"),
      context
    }),
  // Values of the docs example "external settlement request and response".
  external: () =>
    single({
      ticketId: "Ticket_3695",
      betId: "Ticket_3695_bet_0",
      selection: external({
        event: "ext:match:736977",
        outcome: "ext-pre:9985:s77",
        odds: "1.5",
        expSettleTime: 1691581504000
      }),
      stake: cash("10", "EUR"),
      context
    }),
  // Cash plus bonus stake on a 4-fold accumulator (docs example "4-fold accumulator with bonus").
  "multi-stake": () =>
    accumulator({
      ticketId: "Ticket_3696",
      selections: [
        matchResult(15050881, "2", "1.32"),
        matchResult(15050883, "1", "2.10"),
        matchResult(15050885, "3", "3.4"),
        matchResult(15050887, "1", "1.55")
      ],
      stake: cashAndBonus("9.5", "0.5", "EUR"),
      context
    })
}

/** A valid ticket of the given shape. */
export const example = (shape: ExampleShape): Ticket => examples[shape]()
