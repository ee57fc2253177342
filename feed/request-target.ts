/**
 * The request target of an HTTP request line, parsed without ever throwing.
 * `new URL(req.url, base)` throws on targets such as `//` or `//x:99999/`
 * (it reads them as scheme-relative URLs with a bad host), and a throw in a
 * request handler ends the process; every handler goes through this instead.
 */
export type RequestTarget =
  /** authority: the host[:port] of an absolute-form target ("http://host/path"), which must be a name the server answers too. */
  | { ok: true; pathname: string; searchParams: URLSearchParams; authority: string | null }
  | { ok: false; reason: string };

/** Longer targets are refused (414-like, reported as 400): nothing the app serves needs more. */
export const MAX_TARGET_LENGTH = 8 * 1024;

export function parseRequestTarget(raw: string | undefined): RequestTarget {
  if (raw === undefined || raw === '') return { ok: false, reason: 'empty request target' };
  if (raw.length > MAX_TARGET_LENGTH) return { ok: false, reason: `request target longer than ${MAX_TARGET_LENGTH} characters` };
  // Origin form ("/path?query") is what browsers send; absolute form ("http://host/path") is legal too (RFC 9112 3.2).
  let url: URL;
  try {
    url = raw.startsWith('/') ? new URL(`http://origin.invalid${raw}`) : new URL(raw);
  } catch {
    return { ok: false, reason: 'malformed request target' };
  }
  if (!raw.startsWith('/') && url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'request target is not an http URL' };
  return { ok: true, pathname: url.pathname, searchParams: url.searchParams, authority: raw.startsWith('/') ? null : url.host };
}
