/** The "Getting started" section of the OpenAPI description (rendered at the top of `/docs`). */
export const gettingStarted = `
## Getting started

**1. Get a key.** The gateway's operator issues API keys (\`GATEWAY_API_KEYS\`), each with scopes:
\`tickets:write\` (place, inform, cancel…), \`tickets:read\` (follow informs), \`scores:read\` (scores and profiling),
\`admin\` (dead letters), \`ops\` (metrics). Send it as \`Authorization: Bearer <key>\` or \`X-Api-Key: <key>\`.

\`\`\`sh
export GW=http://localhost:8080 KEY=<your key>
\`\`\`

**2. Look up a score.** Comma-separated accounts; answers come from the score cache where the model allows.

\`\`\`sh
curl -s -H "Authorization: Bearer $KEY" "$GW/v1/scores/lbs?bookmaker=9999&customer=cust-000011,cust-000012"
\`\`\`

**3. Place a ticket.** Send the ticket content; the gateway fills the Transaction 3.0 envelope. A \`422\` lists every
problem and nothing was sent. A \`502\` with \`ticketOutcome: "unknown"\` means ITS may have the ticket: do not
resend blindly (see [Ticket outcome unknown](/docs/problems/ticket-outcome-unknown)).

\`\`\`sh
curl -s -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" "$GW/v1/tickets/placement" -d '{
  "type": "ticket", "ticketId": "Ticket_3691",
  "bets": [{ "selection": { "type": "uf", "productId": "3", "eventId": "sr:match:15050881", "marketId": "1",
    "outcomeId": "2", "odds": { "type": "decimal", "value": "1.32" } },
    "stake": [{ "type": "cash", "currency": "EUR", "amount": "10" }] }],
  "context": { "channel": { "type": "internet", "ip": "212.7.5.2", "lang": "EN" },
    "endCustomer": { "id": "user_3454" }, "limitId": 1409 } }'
\`\`\`

**4. Send an inform** (a ticket you decided yourself): stored durably, answered \`202\` with the outbox entry, and
delivered to ITS in the background. Idempotent by \`ticketId\`.

\`\`\`sh
curl -s -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" "$GW/v1/tickets/inform" -d @inform.json
\`\`\`

**5. Follow it to delivery** with the entry's \`id\` (\`pending\` → \`delivered\` with ITS's reply, or \`dead\`):

\`\`\`sh
curl -s -H "Authorization: Bearer $KEY" "$GW/v1/tickets/inform/<id>"   # or POST …/inform?wait=true
\`\`\`

**TypeScript.** The same contract as a typed client (\`@effect/platform\`'s \`HttpApiClient\` over \`GatewayApi\`):

\`\`\`ts
import { FetchHttpClient, HttpApiClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { GatewayApi } from "@its/gateway"
import { example } from "@its/tickets"
import { Effect } from "effect"

const program = Effect.gen(function* () {
  const gw = yield* HttpApiClient.make(GatewayApi, {
    baseUrl: "http://localhost:8080",
    transformClient: HttpClient.mapRequest(HttpClientRequest.bearerToken(process.env.KEY ?? ""))
  })
  const scores = yield* gw.scores.lbs({ urlParams: { bookmaker: 9999, customer: ["cust-000011"] } })
  const reply = yield* gw.tickets.placement({ payload: example("single") })
  const entry = yield* gw.tickets.inform({ payload: informOf(reply), urlParams: {} })
  const delivered = yield* gw.tickets.informStatus({ path: { id: entry.id } })
  // Failures are typed problems: e.g. BadGatewayProblem with ticketOutcome "unknown".
})
Effect.runPromise(program.pipe(Effect.provide(FetchHttpClient.layer)))
\`\`\`

Every error is \`application/problem+json\`; its \`type\` links to a page explaining the cause and what to do:
[all problem types](/docs/problems).
`
