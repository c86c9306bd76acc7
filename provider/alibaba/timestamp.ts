/** Alibaba's request timestamp: UTC `yyyy-MM-ddTHH:mm:ssZ`, no fraction. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
