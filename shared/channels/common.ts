/** Argument schemas shared by several channel groups. */
import { z } from 'zod';

/** An image id (full or short, with or without `sha256:`) or a reference (`repo:tag`, `repo@digest`). */
export const imageIdOrRef = z
  .string()
  .trim()
  .min(1, 'An image id or name is required.')
  .max(512, 'An image id or name is at most 512 characters.')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/,
    'An image id or name has only letters, digits and . _ : / @ -',
  );
