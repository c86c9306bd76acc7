/**
 * Reads what people keep public keys in: one key in any format (OpenSSH line, RFC 4716 block, PEM), or a file of
 * OpenSSH lines such as an `authorized_keys` (options like `from="…"` or `command="…"` before the key, comments,
 * blank lines). Each key comes back with its comment as `ssh-keygen -l` shows it; each line that is not a key comes
 * back as a problem with its line number.
 */
import { parsePublicKey, PublicKeyError, PublicKeyInfo } from '../provider/ssh/publicKey';

export interface FoundKey {
  info: PublicKeyInfo;
  /** What ssh-keygen prints as the comment: the text after the key, else the line's options, else "no comment". */
  comment: string;
  line: number;
}

export interface KeyFileProblem {
  line: number;
  message: string;
}

const isBlank = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\v' || c === '\f';

/**
 * `type base64 comment…` split in one pass. (A regular expression such as `^(\S+)\s+(\S+)\s*(.*)$` backtracks
 * quadratically on a long line holding a lone `\r`, which `.` does not match: a 1 MiB line ran for hours.)
 */
function splitKeyLine(text: string): { type: string; body: string; comment: string } | undefined {
  let i = 0;
  const token = () => {
    const start = i;
    while (i < text.length && !isBlank(text[i])) i++;
    return text.slice(start, i);
  };
  const blanks = () => {
    const start = i;
    while (i < text.length && isBlank(text[i])) i++;
    return i - start;
  };
  const type = token();
  if (!type || blanks() === 0) return undefined;
  const body = token();
  if (!body) return undefined;
  blanks();
  return { type, body, comment: text.slice(i) };
}

/** The options of an authorized_keys line end at the first blank outside double quotes (`\"` escapes a quote). */
function splitOptions(line: string): { options: string; rest: string } {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ' ' || c === '\t')) return { options: line.slice(0, i), rest: line.slice(i).trim() };
  }
  return { options: line, rest: '' };
}

function keyOfLine(text: string): { info: PublicKeyInfo; comment: string } | undefined {
  const parts = splitKeyLine(text);
  if (!parts) return undefined;
  try {
    return { info: parsePublicKey(`${parts.type} ${parts.body}`), comment: parts.comment.trim() };
  } catch {
    return undefined;
  }
}

/**
 * The keys of a file and its lines that are not keys. `notKeyFile` is set when nothing in it looks like a public key
 * at all (binary data, a private key, prose): like `ssh-keygen -l`, that is one problem, not one per line.
 */
export function readKeys(text: string): { keys: FoundKey[]; problems: KeyFileProblem[]; notKeyFile?: boolean } {
  // A block format holds one key: parse it whole.
  if (/-----BEGIN|---- BEGIN SSH2/.test(text)) {
    try {
      return { keys: [{ info: parsePublicKey(text), comment: 'no comment', line: 1 }], problems: [] };
    } catch (error) {
      return { keys: [], problems: [{ line: 1, message: error instanceof PublicKeyError ? error.message : 'not a public key' }] };
    }
  }
  const keys: FoundKey[] = [];
  const problems: KeyFileProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    // As ssh-keygen does: the line as a key, else the line after its options.
    let found = keyOfLine(line);
    let options = '';
    if (!found) {
      const split = splitOptions(line);
      options = split.options;
      found = split.rest ? keyOfLine(split.rest) : undefined;
    }
    if (found) keys.push({ info: found.info, comment: found.comment || options || 'no comment', line: index + 1 });
    else problems.push({ line: index + 1, message: line.length <= MAX_EXPLAINED_LINE ? explainLine(line) : 'not a public key' });
  });
  const notKeyFile = keys.length === 0 && problems.length > 1 && !/\b(ssh-(rsa|dss|ed25519)|ecdsa-sha2-|sk-)/.test(text);
  return { keys, problems, ...(notKeyFile ? { notKeyFile } : {}) };
}

/** Longer lines are not handed to the parser for its reason: no public key line is this long (16 Ki-bit RSA: 3 KiB). */
const MAX_EXPLAINED_LINE = 64 * 1024;

/** Why a line is not a key, in the parser's words (never quoting the line: it may be a private key). */
function explainLine(line: string): string {
  try {
    parsePublicKey(line);
    return 'not a public key';
  } catch (error) {
    return error instanceof PublicKeyError ? error.message : 'not a public key';
  }
}
