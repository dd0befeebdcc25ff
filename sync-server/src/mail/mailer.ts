/** An appointment an email carries as an .ics attachment: what a calendar needs, nothing clinical. */
export type MailAppointment = {
  /** The calendar event's UID, so a later message updates or cancels the same event. */
  id: string;
  startsAt: Date;
  endsAt: Date;
  clinicName: string;
  location: string | null;
  /** Grows with every change of the appointment, so calendars take the newest message. */
  sequence: number;
  /** REQUEST adds or updates the event (reminder, confirmation); CANCEL removes it. */
  method: 'REQUEST' | 'CANCEL';
};

/** One message as the reminder job and the routes hand it over. */
export type OutgoingMail = {
  to: string;
  subject: string;
  /** The rendered template; the unsubscribe line is added below it. */
  text: string;
  /**
   * The patient's signed link; also sent as List-Unsubscribe (one click). Unset for mail about
   * the reader's own account (a password reset link), which has nothing to unsubscribe from.
   */
  unsubscribeUrl?: string;
  appointment?: MailAppointment;
};

/**
 * How a delivery ended. `transient`: worth trying again later (the server was unreachable, or
 * answered 4xx); `permanent`: it will never go (5xx, such as 550 mailbox unavailable). `reason`
 * is the server's own words, or the error's, never the message.
 */
export type SendOutcome =
  | { kind: 'sent'; messageId: string }
  | { kind: 'transient'; reason: string }
  | { kind: 'permanent'; reason: string };

/**
 * Delivers one message; never throws for a delivery problem, it returns it.
 *
 * @example
 * const outcome = await mailer.send({ to, subject, text, unsubscribeUrl });
 * if (outcome.kind === 'sent') log.info({ messageId: outcome.messageId }, 'sent');
 */
export type Mailer = {
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): void;
};
