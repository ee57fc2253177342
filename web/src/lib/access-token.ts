/** Where the page keeps the feed's access token for this tab: reloads and reconnects need it, the address bar must not show it. */
const STORAGE_KEY = 'tickwall.accessToken';

let token: string | null | undefined;

/**
 * The access token of a feed started with --token. A link may carry it as
 * `?token=`; the page reads it once, keeps it for this tab (sessionStorage,
 * so a reload still connects) and removes it from the address bar, so it
 * does not end up in bookmarks, screenshots, shared view links or history.
 * Call before anything else reads location.search.
 */
export function accessToken(): string | null {
  if (token !== undefined) return token;
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl !== null) {
    params.delete('token');
    const query = params.toString().replaceAll('%2C', ',');
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
    try {
      sessionStorage.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // Storage may be disabled; the token then lasts as long as the page.
    }
  }
  token = fromUrl ?? readStored();
  return token;
}

function readStored(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
