/** The operator alert raised when Google refuses an account's refresh token (subject: the account id). */
export const NEEDS_RECONNECT_ALERT = 'google_account.needs_reconnect';
