/** Formats the pipeline reads; decided by `sniffType` from the content. */
export type DocumentType = 'pdf' | 'docx' | 'html' | 'markdown' | 'text' | 'csv';

/**
 * A stretch of a document that citations can name: a PDF page, or the text under one heading.
 * `text` is plain text: paragraphs separated by a blank line, lines by `\n`. It is the
 * uploader's content, so it stays untrusted: escape it wherever it is shown.
 */
export interface Section {
  readonly text: string;
  /** 1-based page number (PDF only). */
  readonly page?: number;
  /** The nearest heading above the text. */
  readonly heading?: string;
  /** Headings from the top level down to `heading`, e.g. ["Nursing", "Hand hygiene"]. */
  readonly path?: readonly string[];
}

/** What `parseDocument` returns: the type found by sniffing and the text in reading order. */
export interface ParsedDocument {
  readonly type: DocumentType;
  /** From the format's own metadata (HTML `<title>`, PDF Info) or the first top-level heading. */
  readonly title?: string;
  readonly sections: readonly Section[];
}

/** One retrieval unit, at most the token budget long, within a single section and page. */
export interface Chunk {
  /** 0-based position in the document. */
  readonly index: number;
  readonly text: string;
  readonly page?: number;
  /** The section's heading path joined with " > ", for citations. */
  readonly section?: string;
  /** `countTokens(text)`, measured on exactly this text. */
  readonly tokens: number;
}

/** What the store records about an upload besides who sent it and when. */
export interface DocumentMeta {
  /** The cleaned display name (`safeDocumentName`); never a path. */
  readonly sourceName: string;
  readonly type: DocumentType;
  /** Size of the upload in bytes. */
  readonly size: number;
  /** Lowercase hex SHA-256 of the bytes (`hashContent`), for duplicate detection. */
  readonly hash: string;
}
