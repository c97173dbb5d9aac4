// Dates of moments (an announcement's sending, a binding): the day as the phone's clock has it, for day().
import { day } from './app.js';

export const isoDay = (date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** The day of an ISO 8601 moment, as the reader reads it. */
export const dayOf = (moment) => day(isoDay(new Date(moment)));
