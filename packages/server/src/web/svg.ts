// Small helpers shared by the server-drawn SVG figures (maps and charts).

/** Escapes text for an XML text node or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** An id usable in `id` and `aria-labelledby`: letters, digits, hyphens. */
export function domId(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9-]/g, "-");
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `f-${cleaned}`;
}

/**
 * The root of an accessible figure: `role="img"` named by its `<title>` and described by its
 * `<desc>`, because assistive technology reads an SVG image by its name, not its shapes.
 */
export function svgRoot(options: {
  readonly id: string;
  readonly className: string;
  readonly width: number;
  readonly height: number;
  readonly title: string;
  readonly description: string;
  readonly body: string;
}): string {
  const id = domId(options.id);
  const { width, height } = options;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" id="${id}" class="${escapeXml(options.className)}" ` +
    `viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" ` +
    `aria-labelledby="${id}-title" aria-describedby="${id}-desc" focusable="false">` +
    `<title id="${id}-title">${escapeXml(options.title)}</title>` +
    `<desc id="${id}-desc">${escapeXml(options.description)}</desc>` +
    options.body +
    `</svg>`
  );
}

/** A number in British English with thousands separators. */
export const formatNumber = (value: number, digits = 0): string =>
  value.toLocaleString("en-GB", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });

/** A share (0–1) as a percentage. */
export const formatPercent = (share: number, digits = 1): string =>
  `${formatNumber(share * 100, digits)}%`;
