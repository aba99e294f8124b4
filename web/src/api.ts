// The page's only network: parley's JSON API on the same origin, with the bearer token.

export type Json = Record<string, any>;

/** An API error: HTTP status, message and, when the API names one, the field at fault. */
export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public field: string = "",
  ) {
    super(message);
  }
}

const tokenKey = "parley-token";
let token = "";

export function loadToken(): string {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromHash) {
    sessionStorage.setItem(tokenKey, fromHash);
    history.replaceState(null, "", location.pathname + location.search);
  }
  token = sessionStorage.getItem(tokenKey) ?? "";
  return token;
}

export function setToken(value: string): void {
  token = value;
  sessionStorage.setItem(tokenKey, value);
}

export function forgetToken(): void {
  token = "";
  sessionStorage.removeItem(tokenKey);
}

async function call(path: string, init: RequestInit): Promise<Json> {
  const response = await fetch(path, {
    ...init,
    headers: { ...(init.headers ?? {}), Authorization: `Bearer ${token}` },
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new ApiError(
      response.status,
      body?.error?.message ?? response.statusText,
      body?.error?.field ?? "",
    );
  return body;
}

export function get(path: string): Promise<Json> {
  return call(path, {});
}

export function post(path: string, body: Json): Promise<Json> {
  return call(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}
