import { z } from "zod";

/** The longest comment or rejection note. */
export const MAX_COMMENT_LENGTH = 2000;

/** A comment or a rejection's note: said in a sentence or a few, never blank. */
export const commentText = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(MAX_COMMENT_LENGTH, `must be at most ${MAX_COMMENT_LENGTH} characters`);
