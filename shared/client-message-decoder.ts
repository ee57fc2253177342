import { z } from 'zod';
import { ErrorCode } from './error-codes.ts';
import { CLIENT_MESSAGE_SCHEMAS, type ClientMessage } from './protocol.ts';

export type DecodeResult =
  | { ok: true; message: ClientMessage }
  | { ok: false; code: ErrorCode; message: string };

/**
 * Turns one untrusted text frame into a validated client message, or into the
 * error code and explanation the server sends back. Never throws.
 */
export function decodeClientMessage(text: string): DecodeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, code: ErrorCode.BadJson, message: `frame is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, code: ErrorCode.BadMessage, message: 'a message must be a JSON object with a string "type"' };
  }
  const type = (parsed as { type?: unknown }).type;
  if (typeof type !== 'string') {
    return { ok: false, code: ErrorCode.BadMessage, message: 'a message must have a string "type" field' };
  }
  if (!Object.hasOwn(CLIENT_MESSAGE_SCHEMAS, type)) {
    return {
      ok: false,
      code: ErrorCode.UnknownType,
      message: `unknown message type ${JSON.stringify(type.slice(0, 40))}; expected one of: ${Object.keys(CLIENT_MESSAGE_SCHEMAS).join(', ')}`,
    };
  }
  const result = CLIENT_MESSAGE_SCHEMAS[type as ClientMessage['type']].safeParse(parsed);
  if (!result.success) {
    return { ok: false, code: ErrorCode.BadMessage, message: `invalid ${type} message: ${describeIssues(result.error)}` };
  }
  return { ok: true, message: result.data };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(message)'}: ${issue.message}`)
    .join('; ');
}
