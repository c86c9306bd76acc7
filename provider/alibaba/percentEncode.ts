/**
 * RFC 3986 percent-encoding as Alibaba's signers do it: every byte except the unreserved set
 * `A-Z a-z 0-9 - _ . ~` becomes %XX (upper-case hex), so space → %20, `*` → %2A, `~` stays.
 * encodeURIComponent leaves `! ' ( ) *` alone, which Alibaba encodes.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** `k=v&k=v` with keys in byte order (code-unit order equals byte order for the ASCII names APIs use). */
export function canonicalQueryString(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key])}`)
    .join('&');
}
