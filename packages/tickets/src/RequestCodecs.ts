/**
 * The compiled fast paths of the message codecs (`FastCodec.ts`), built once. Internal: `Codec.ts`, `Validation.ts`
 * and `Tickets` use them, each falling back to the full Schema parser when one answers `Fallback`.
 */
import { type Compiled, compileDecode, compileEncode } from "./FastCodec.ts"
import { type Operation, Reply, type ReplyFor, Request, replyEnvelopes } from "./Messages.ts"

export const fastDecodeRequest: Compiled<Request> = compileDecode(Request, "error")
export const fastEncodeRequest: Compiled<typeof Request.Encoded> = compileEncode(Request, "error")
export const fastDecodeReply: Compiled<Reply> = compileDecode(Reply, "ignore")
export const fastEncodeReply: Compiled<typeof Reply.Encoded> = compileEncode(Reply, "ignore")

const replyDecoders = new Map<Operation, Compiled<unknown>>()

/** The tolerant fast decoder of one operation's reply envelope, compiled on first use. */
export const fastDecodeReplyTo = <Op extends Operation>(operation: Op): Compiled<ReplyFor<Op>> => {
  let decoder = replyDecoders.get(operation)
  if (decoder === undefined) {
    decoder = compileDecode(replyEnvelopes[operation] as never, "ignore")
    replyDecoders.set(operation, decoder)
  }
  return decoder as Compiled<ReplyFor<Op>>
}
