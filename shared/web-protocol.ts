/** The wire protocol of the loopback web host (`hangar web`). */

/** `POST` with a JSON body `{ "args": [...] }`; answers an `IpcResult` as JSON. */
export const INVOKE_PATH = '/api/invoke/';
/** Server-sent events: `event: <channel>`, `data: <JSON payload>`. */
export const EVENTS_PATH = '/api/events';
/** `GET ?names=a&names=b`: the images as one `docker save` tar, as a download. */
export const SAVE_PATH = '/api/images/save';
/** `POST` with an image archive as the raw body; answers an `IpcResult` of a `LoadResult`. */
export const LOAD_PATH = '/api/images/load';
/** Query parameter that carries the token in the URL the host opens (and for EventSource). */
export const TOKEN_PARAM = 'token';
/**
 * The cookie set when the page is opened with the token, so assets and API calls carry it. Named
 * for the port: browsers send a cookie for 127.0.0.1 to every port, so two hosts on two ports keep
 * two cookies, and a host reads only its own.
 */
export function tokenCookieName(port: number): string {
  return `hangar_token_${port}`;
}
