/** Reading a key (or a file of keys) from a file or standard input, bounded, with errors people recognise. */
import * as fs from 'fs';
import { MAX_PUBLIC_KEY_TEXT_BYTES } from '../provider/ssh/publicKey';
import { InputError } from './arguments';

/** Reads at most one byte more than `maxBytes`, so a huge file or stream is refused, not loaded. */
export function readKeyText(source: string, maxBytes = MAX_PUBLIC_KEY_TEXT_BYTES): string {
  const limit = maxBytes + 1;
  const buffer = Buffer.alloc(limit);
  let fd: number;
  try {
    fd = source === '-' ? 0 : fs.openSync(source, 'r');
  } catch (error) {
    throw new InputError(`cannot read ${source}: ${describeReadError(error)}`);
  }
  let total = 0;
  try {
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, buffer, total, limit - total, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        if ((error as NodeJS.ErrnoException).code === 'EOF') break;
        throw new InputError(`cannot read ${source}: ${describeReadError(error)}`);
      }
      if (n === 0) break;
      total += n;
      if (total >= limit) break;
    }
  } finally {
    if (fd !== 0) fs.closeSync(fd);
  }
  return buffer.subarray(0, total).toString('utf8');
}

/** A file-system error as a reason people recognise, without the library's full message. */
function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a folder' };
  return code && Object.hasOwn(reasons, code) ? `${reasons[code]} (${code})` : (code ?? 'read error');
}
