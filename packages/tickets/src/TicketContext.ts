/** Ticket context: channel, end customer, limit, wallet, reference, caps and rates (reference §5.5, §5.6). */
import { Schema } from "effect"
import { DecimalFromString } from "./Decimal.ts"
import { ExchangeRate, Payout } from "./Money.ts"
import { Coordinate, Integer, optional } from "./Primitives.ts"

/** Geo location; latitude and longitude are JSON numbers. */
export const GeoLocation = Schema.Struct({ type: Schema.Literal("geo"), latitude: Coordinate, longitude: Coordinate })
export const Location = Schema.Union(GeoLocation)
export type Location = typeof Location.Type

// All channel fields are optional strings in the SDKs, except `location`.
const onlineChannel = <T extends string>(type: T) =>
  Schema.Struct({
    type: Schema.Literal(type),
    ip: optional(Schema.String),
    lang: optional(Schema.String),
    deviceId: optional(Schema.String)
  })
const languageOnlyChannel = <T extends string>(type: T) =>
  Schema.Struct({ type: Schema.Literal(type), lang: optional(Schema.String) })

export const InternetChannel = onlineChannel("internet")
export const MobileChannel = onlineChannel("mobile")
export const MobileAppChannel = onlineChannel("mobile-app")
export const TvAppChannel = onlineChannel("tv-app")
export const RetailChannel = Schema.Struct({
  type: Schema.Literal("retail"),
  shopId: optional(Schema.String),
  lang: optional(Schema.String),
  deviceId: optional(Schema.String),
  location: optional(Location)
})
export const TerminalChannel = Schema.Struct({
  type: Schema.Literal("terminal"),
  terminalId: optional(Schema.String),
  shopId: optional(Schema.String),
  lang: optional(Schema.String),
  location: optional(Location)
})
export const SmsChannel = Schema.Struct({
  type: Schema.Literal("sms"),
  lang: optional(Schema.String),
  deviceId: optional(Schema.String)
})
export const PhoneChannel = languageOnlyChannel("phone")
export const CallCentreChannel = languageOnlyChannel("call-centre")
export const AgentChannel = languageOnlyChannel("agent")

export const Channel = Schema.Union(
  InternetChannel,
  MobileChannel,
  MobileAppChannel,
  TvAppChannel,
  RetailChannel,
  TerminalChannel,
  SmsChannel,
  PhoneChannel,
  CallCentreChannel,
  AgentChannel
)
export type Channel = typeof Channel.Type
export type ChannelType = Channel["type"]

export const EndCustomer = Schema.Struct({ id: optional(Schema.String), confidence: optional(DecimalFromString) })
export interface EndCustomer extends Schema.Schema.Type<typeof EndCustomer> {}

/** Reference to an earlier ticket, for re-offers and alternative-stake follow-ups (official SDKs). */
export const TicketRef = Schema.Struct({
  type: Schema.Literal("reoffer", "alt-stake"),
  ticketId: Schema.String,
  ticketSignature: Schema.String
})
export interface TicketRef extends Schema.Schema.Type<typeof TicketRef> {}

export const TicketContext = Schema.Struct({
  channel: Channel,
  endCustomer: optional(EndCustomer),
  /** Mandatory (A3; a Java primitive, always sent). */
  limitId: Integer,
  walletId: optional(Schema.String),
  ref: optional(TicketRef),
  payoutCap: optional(Schema.Array(Payout)),
  rates: optional(Schema.Array(ExchangeRate))
})
export interface TicketContext extends Schema.Schema.Type<typeof TicketContext> {}
