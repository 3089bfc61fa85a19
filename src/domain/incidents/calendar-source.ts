// Fetches an on-call calendar from an https URL: bounded in size and time, never following
// a redirect to plain http.
import { GoliveError } from "../../errors.js";

export const MAX_CALENDAR_BYTES = 2_000_000;
const TIMEOUT_MS = 15_000;

export async function fetchCalendar(url: URL): Promise<string> {
  if (url.protocol !== "https:") throw new GoliveError("invalid", "Calendars are fetched over https only.", "Give the calendar's https:// address (the “secret address in iCal format”).");
  let response: Response;
  try {
    response = await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: "text/calendar, */*" } });
  } catch (error) {
    throw new GoliveError("invalid", `Could not fetch the calendar from ${url.host}: ${(error as Error).message}.`, "Check the address, and that golive's host can reach it.");
  }
  if (new URL(response.url || url.href).protocol !== "https:") throw new GoliveError("invalid", "The calendar address redirected to plain http.", "Give an https address that stays on https.");
  if (!response.ok) throw new GoliveError("invalid", `${url.host} answered HTTP ${response.status} for the calendar.`, "Check the address (a private calendar needs its secret iCal address).");
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > MAX_CALENDAR_BYTES) throw new GoliveError("invalid", `The calendar is ${declared} bytes; the limit is ${MAX_CALENDAR_BYTES}.`, "Export only the on-call calendar.");
  const body = await response.text();
  if (body.length > MAX_CALENDAR_BYTES) throw new GoliveError("invalid", `The calendar is over ${MAX_CALENDAR_BYTES} bytes.`, "Export only the on-call calendar.");
  return body;
}

/** The address as shown and stored: no query string (a secret token often lives there). */
export const shownUrl = (url: URL) => `${url.origin}${url.pathname}`;
