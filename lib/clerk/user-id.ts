/** Clerk's user id shape; the SDK puts ids into paths unencoded, so nothing else may pass. */
export const USER_ID_PATTERN = /^user_[A-Za-z0-9]+$/;
