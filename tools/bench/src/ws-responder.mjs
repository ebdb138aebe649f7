// A minimal data-plane responder for `pnpm bench:transport`, run as its own process (plain JavaScript, so it starts
// without a compiler): a `ws` server on 127.0.0.1, port 0, that answers every message with a canned reply carrying
// the request's correlationId (and operation). It prints `PORT <n>` once listening. No JSON parsing per message:
// the two fields are cut out of the text, so the responder's own cost stays far below the client's.
// `ws` is resolved through @its/transport, which depends on it (the bench package does not).
import { createRequire } from "node:module"

const require = createRequire(new URL("../../../packages/transport/package.json", import.meta.url))
const { WebSocketServer } = require("ws")

/** Canned reply content per request operation; anything else gets an echo-style reply. */
const contents = {
  "ticket-placement": {
    type: "ticket-reply",
    signature: "BopIHPOOH0Zxu2JJd/C1h5YtJiklAgUklXKPqlHjWmE=",
    status: "accepted",
    ticketId: "Ticket_3691",
    code: 0,
    message: "Transaction processed",
    betDetails: [{ code: 0, message: "Transaction processed" }],
    exchangeRate: [{ fromCurrency: "EUR", toCurrency: "EUR", rate: "1.00000" }]
  },
  "ticket-placement-ack": {
    type: "ticket-ack-reply",
    signature: "BopIHPOOH0Zxu2JJd/C1h5YtJiklAgUklXKPqlHjWmE=",
    status: "accepted",
    ticketId: "Ticket_3691",
    code: 0,
    message: "Transaction processed"
  }
}
const fallback = { type: "reply", code: 0, message: "ok" }

/** `{"correlationId":` + id + `,"operation":` + op + the rest, built from pre-serialised pieces. */
const tails = new Map()
const tailFor = (operation) => {
  let tail = tails.get(operation)
  if (tail === undefined) {
    const content = contents[operation] ?? fallback
    tail = `,"timestampUtc":1678876156000,"version":"3.0","content":${JSON.stringify(content)}}`
    tails.set(operation, tail)
  }
  return tail
}

/** The string value of `"name":"…"` in `text` (the client writes no spaces and no escapes in these fields). */
const field = (text, name) => {
  const key = `"${name}":"`
  const start = text.indexOf(key)
  if (start < 0) return undefined
  const from = start + key.length
  const end = text.indexOf('"', from)
  return end < 0 ? undefined : text.slice(from, end)
}

const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false })
wss.on("connection", (socket) => {
  socket.on("message", (data) => {
    const text = data.toString()
    const correlationId = field(text, "correlationId") ?? ""
    const operation = field(text, "operation") ?? ""
    socket.send(`{"correlationId":"${correlationId}","operation":"${operation}"${tailFor(operation)}`)
  })
})
wss.on("listening", () => {
  process.stdout.write(`PORT ${wss.address().port}\n`)
})
const stop = () => wss.close(() => process.exit(0))
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
process.on("disconnect", stop)
