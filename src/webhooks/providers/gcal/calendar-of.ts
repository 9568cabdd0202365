/** The calendar id in a resource URI such as `.../calendars/team%40example.com/events?alt=json`. */
export function calendarOf(resourceUri: string | undefined): string | undefined {
  const encoded = /\/calendars\/([^/?]+)/.exec(resourceUri ?? '')?.[1];
  if (!encoded) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}
