// The one door to the HTTP API: the token kept for this browser session, requests with it,
// and problem answers (RFC 9457) turned into errors the pages can show beside their fields.

const TOKEN_KEY = "ledger.token";

/** The token of this browser session, or null before sign-in. */
export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Keeps the token for this browser session only (closing the tab forgets it). */
export function keepToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

/** Forgets the token: signing out. */
export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** An answer that was not a success: its status, the problem's detail and its field errors. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `the server answered ${status}`);
    this.status = status;
    this.problem = problem;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

/** Builds `path?query` from an object whose values may be arrays (repeated parameters). */
export function withQuery(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    if (value === undefined || value === null || value === "") continue;
    for (const one of Array.isArray(value) ? value : [value]) params.append(key, String(one));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Calls the API with the session's token; resolves to the JSON answer, rejects with ApiError. */
export async function call(method, path, body) {
  const headers = { Accept: "application/json" };
  const current = token();
  if (current) headers.Authorization = `Bearer ${current}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(0, { detail: `the server cannot be reached (${error.message})` });
  }
  const text = await response.text();
  let json = {};
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = { detail: text.slice(0, 200) };
    }
  }
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new CustomEvent("ledger:unauthorized", { detail: json }));
    throw new ApiError(response.status, json);
  }
  return json;
}

/** GET with query parameters. */
export function get(path, query) {
  return call("GET", withQuery(path, query));
}

/** POST a JSON body. */
export function post(path, body) {
  return call("POST", path, body);
}
