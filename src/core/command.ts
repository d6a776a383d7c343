/** What one input line asks for, as parsed by `parseLine` (codecs) for every line-based door. */
export type Command =
  | { readonly kind: 'say'; readonly text: string }
  | { readonly kind: 'quit' }
  | {
      readonly kind: 'slash';
      readonly name: string;
      /** The words after the name. */
      readonly args: readonly string[];
      /** Everything after the name, as typed (for free text such as a message or topic). */
      readonly rest: string;
    };
