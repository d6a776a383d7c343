/** What one input line asks for, as parsed by `parseLine` (codecs) for every line-based door. */
export type Command =
  | { readonly kind: 'say'; readonly text: string }
  | { readonly kind: 'quit' }
  | { readonly kind: 'slash'; readonly name: string; readonly args: readonly string[] };
