import type { ImportProgress } from "@openics/server";

/**
 * Shows import progress on stderr: a live line on a terminal, and a line per file stage (with
 * every quarter of its rows) when output goes to a log, so CI logs stay short.
 */
export function progressReporter(
  stream: NodeJS.WriteStream = process.stderr,
): (p: ImportProgress) => void {
  const live = stream.isTTY;
  const quarters = new Map<string, number>();
  return (p) => {
    switch (p.stage) {
      case "read":
        stream.write(
          `${live ? "\r\x1b[K" : ""}Read ${p.file}: ${p.title}, ${p.rows.toLocaleString("en-GB")} rows\n`,
        );
        break;
      case "skip":
        stream.write(
          `${live ? "\r\x1b[K" : ""}Checked ${p.file}: ${p.reason}\n`,
        );
        break;
      case "write": {
        const pct = p.total === 0 ? 100 : Math.floor((p.done / p.total) * 100);
        if (live)
          stream.write(
            `\r\x1b[KWriting ${p.file}: ${p.done.toLocaleString("en-GB")} of ${p.total.toLocaleString("en-GB")} rows (${pct}%)`,
          );
        else if (Math.floor(pct / 25) > (quarters.get(p.file) ?? -1)) {
          quarters.set(p.file, Math.floor(pct / 25));
          stream.write(`Writing ${p.file}: ${pct}%\n`);
        }
        if (live && p.done >= p.total) stream.write("\n");
        break;
      }
      case "derive":
        stream.write(
          `${live ? "\r\x1b[K" : ""}Deriving the April 2026 mergers and filling in the geography…\n`,
        );
        break;
    }
  };
}
