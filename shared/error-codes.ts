/**
 * Stable error codes carried by `error` messages. Clients branch on these,
 * never on the human-readable text, so a code is never renamed once shipped.
 */
export const ErrorCode = {
  /** The frame was not valid JSON. */
  BadJson: 'bad_json',
  /** The frame was JSON but not an object with a string `type`, or a field had the wrong type or was missing. */
  BadMessage: 'bad_message',
  /** The `type` field named a message this server does not understand. */
  UnknownType: 'unknown_type',
  /** One or more requested symbols are not in the feed's universe. The rest of the request was applied. */
  UnknownSymbol: 'unknown_symbol',
  /** Binary frames are not part of protocol version 1. */
  UnsupportedFrame: 'unsupported_frame',
  /** A replay control was sent to a live feed. */
  NotReplay: 'not_replay',
  /** The replay was started with --no-control: viewers cannot steer it. */
  ControlDisabled: 'control_disabled',
  /** A seek target outside the recording's time range. */
  OutOfRange: 'out_of_range',
  /** The client would hold more subscriptions than the server allows per connection. */
  TooManySubscriptions: 'too_many_subscriptions',
  /** The client sent too many messages, or too many bad ones; the connection is then closed with 1008. */
  RateLimited: 'rate_limited',
  /** The server failed to do what was asked (a bug or damaged data); it reports it and keeps serving. */
  Internal: 'internal',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** WebSocket close codes the server uses, with the reason text it sends. */
export const CloseCode = {
  /** Server shutting down (RFC 6455 "going away"). */
  GoingAway: 1001,
  /** Flooding or persistent bad input (RFC 6455 "policy violation"). */
  PolicyViolation: 1008,
  /** A frame exceeded the server's maximum payload (RFC 6455 "message too big"). */
  MessageTooBig: 1009,
  /** The feed restarted with another universe: the connection's hello no longer holds; reconnect (RFC 6455 "service restart"). */
  ServiceRestart: 1012,
  /** The client stayed above the send-buffer hard limit for too long: it cannot keep up even with conflation. */
  SlowConsumer: 4001,
} as const;
