/**
 * Text from Shopify, made storable.
 *
 * Rule: a string Shopify sends (names, emails, titles, product types, discount codes) is stored with every lone
 * UTF-16 surrogate replaced by U+FFFD, never refused. JSON allows "\ud800" escapes that decode to a lone
 * surrogate; such a string cannot be encoded as UTF-8, so Prisma's query engine refused the row (the earn's
 * breakdown, the member's name) and every delivery of the order answered 500. Well-formed text is returned as is.
 */
export function wellFormedText(text: string): string {
  return text.isWellFormed() ? text : text.toWellFormed();
}

/** wellFormedText for optional fields. */
export function wellFormedOrNull(text: string | null | undefined): string | null {
  return text == null ? null : wellFormedText(text);
}
