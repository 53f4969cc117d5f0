// The bearer token lives in sessionStorage, not localStorage: it survives a reload of this tab
// but ends when the tab or browser closes, and is not shared with other tabs. On a shared council
// laptop a closed browser must mean a signed-out user; the API's tokens also expire within the hour.
const KEY = "actionplan.token";

export function readToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}
