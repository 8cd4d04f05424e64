/** Only paths inside the app: a `next` pointing elsewhere would be an open redirect. */
export function safeNext(raw: string | null): string {
  return raw && raw.startsWith("/") && !raw.startsWith("//") ? raw : "/discover";
}
