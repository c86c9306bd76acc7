/** Reading `pulumi preview --diff` output as a reviewer does. */

/** The property lines of one resource's block in `pulumi preview --diff`: `~ name`, `+ name`, `- name`. */
export function propertyLines(output: string, resourceName: string): string[] {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => line.includes(`::${resourceName}]`));
  if (start < 0) return [];
  const found: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(\[urn=|[+~-]{1,2}[a-zA-Z-]*:[a-zA-Z:]+:|pulumi:|--outputs:--|Resources:)/.test(line) && !/^\s+[~+-] [a-zA-Z]/.test(line))
      break;
    const match = /^\s+([~+-]) ([a-zA-Z][\w.]*)\s*:/.exec(line);
    if (match) found.push(`${match[1]} ${match[2]}`);
  }
  return found;
}
