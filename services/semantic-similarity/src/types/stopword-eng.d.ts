// Types for the one file of stopword 3.x that we import: its English list (src/lib/text.ts says why).
declare module 'stopword/src/stopwords_eng.js' {
  /** The English stop words (108 in stopword 3.1.5). */
  export const eng: string[];
}
