// The JSON the API answers, as TypeScript types. They mirror the Rust
// types serialised in src/api, src/library, src/index and src/model; the
// Rust test `api_json_matches_the_ui_types` (tests/api.rs) checks the
// field names below against live answers, so a change on either side that
// forgets the other fails.

export type EditionCode = 'global' | 'asia' | 'zh' | 'bilingual' | 'fr';

export interface EditionInfo {
  code: EditionCode;
  label: string;
  articles: number;
}

export interface Section {
  path: string;
  articles: number;
}

export interface Summary {
  id: string;
  title: string;
  edition: EditionCode | null;
  published: string | null;
  section: string;
  languages: string[];
  url: string;
  read: boolean;
  favourite: boolean;
}

export interface LibraryPage {
  total: number;
  page: number;
  per_page: number;
  articles: Summary[];
}

export type Block =
  | { type: 'paragraph'; text: string; lang: string }
  | { type: 'heading'; text: string; level: number; lang: string }
  | { type: 'quote'; text: string; lang: string }
  | { type: 'list'; items: string[]; ordered: boolean; lang: string }
  | { type: 'image'; image: number; lang: string };

export interface ImageRef {
  src: string;
  alt?: string;
  caption?: string;
  local?: string;
}

export interface ArticleState {
  read: boolean;
  favourite: boolean;
  position: number | null;
}

export interface AlsoIn {
  edition: EditionCode;
  id: string;
  url: string;
}

export interface Article {
  id: string;
  url: string;
  canonical_url: string;
  site: string;
  edition: EditionCode | null;
  languages: string[];
  title: string;
  subtitle: string | null;
  byline: string | null;
  source: string | null;
  editor: string | null;
  published: string | null;
  updated: string | null;
  section: string[];
  blocks: Block[];
  images: ImageRef[];
  edition_links: { edition: EditionCode; url: string }[];
  pages: number;
  content_hash: string;
  also_in: AlsoIn[];
  state: ArticleState;
}

export interface Hit {
  id: string;
  url: string;
  title: string;
  edition: EditionCode | null;
  published: string | null;
  section: string;
  languages: string[];
  snippet: string;
  score: number;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResults {
  query: string;
  total: number;
  page: number;
  per_page: number;
  sort: 'relevance' | 'date';
  hits: Hit[];
  facets: { edition: FacetCount[]; section: FacetCount[]; year: FacetCount[] };
}

export interface Suggestion {
  id: string;
  title: string;
  edition: EditionCode | null;
}

export interface Job {
  id: number;
  kind: 'import' | 'fetch';
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  bytes: number;
  report: {
    imported: number;
    updated: number;
    unchanged: number;
    failed: { path: string; reason: string }[];
    ids: string[];
  } | null;
  error: string | null;
}

export interface Subscription {
  url: string;
  kind: 'section' | 'feed';
}

export interface ApiErrorBody {
  code: string;
  message: string;
}
