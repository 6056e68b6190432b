// Interface languages and their words. The edition chooses the language
// (English for Global and Asia, Chinese for 中文 and 双语, French for
// Français) unless a setting pins one. Every catalog has every key with the
// same {placeholders}: i18n.test.ts checks.

import type { EditionCode } from './api/types';

export type Lang = 'en' | 'zh' | 'fr';

export const LANGS: Lang[] = ['en', 'zh', 'fr'];

/** The BCP 47 tag for `<html lang>` and Intl. */
export const LOCALE: Record<Lang, string> = { en: 'en-GB', zh: 'zh-CN', fr: 'fr-FR' };

/** Each language named in itself, for the language setting. */
export const LANG_NAMES: Record<Lang, string> = { en: 'English', zh: '中文', fr: 'Français' };

export function langOfEdition(edition: EditionCode | null): Lang {
  switch (edition) {
    case 'zh':
    case 'bilingual':
      return 'zh';
    case 'fr':
      return 'fr';
    default:
      return 'en';
  }
}

const en = {
  'app.name': 'Broadsheet',
  'nav.editions': 'Editions',
  'nav.skip': 'Skip to content',
  'edition.all': 'All editions',
  'library.title': 'Library',
  'library.count': '{count} articles',
  'library.empty': 'Nothing here yet. Save articles with “Add” or `broadsheet fetch`.',
  'library.emptyFilter': 'No articles match these filters.',
  'library.more': 'Show more',
  'library.sections': 'Sections',
  'library.allSections': 'All sections',
  'filter.label': 'Show',
  'filter.all': 'All',
  'filter.unread': 'Unread',
  'filter.favourites': 'Favourites',
  'article.by': 'By {name}',
  'article.source': 'Source: {name}',
  'article.editor': 'Editor: {name}',
  'article.beijing': 'Beijing time',
  'article.alsoIn': 'Also in:',
  'article.back': 'Back',
  'article.favourite': 'Favourite',
  'article.unfavourite': 'Remove favourite',
  'article.read': 'Read',
  'article.original': 'Original page',
  'article.breadcrumb': 'Breadcrumb',
  'article.notFound': 'This article is not in the library.',
  'article.image': 'Image',
  'article.imageMissing': 'Image not saved',
  'article.next': 'Next article',
  'article.previous': 'Previous article',
  'bilingual.label': 'Languages',
  'bilingual.interleaved': 'Interleaved',
  'bilingual.en': 'English only',
  'bilingual.zh': 'Chinese only',
  'bilingual.side': 'Side by side',
  'search.label': 'Search the library',
  'search.placeholder': 'Search articles',
  'search.results': '{count} results for “{query}”',
  'search.none': 'No articles match “{query}”.',
  'search.noneHint': 'Try fewer words, another spelling, or remove a filter.',
  'search.error': 'This search could not run: {message}',
  'search.sort': 'Sort by',
  'search.relevance': 'Relevance',
  'search.date': 'Newest',
  'search.suggestions': 'Suggestions',
  'search.facetEdition': 'Edition',
  'search.facetSection': 'Section',
  'search.facetYear': 'Year',
  'search.clearFilter': 'Clear filter',
  'search.prev': 'Previous page',
  'search.next': 'Next page',
  'search.page': 'Page {page} of {pages}',
  'settings.title': 'Settings',
  'settings.theme': 'Theme',
  'settings.themeSystem': 'System',
  'settings.themeLight': 'Light',
  'settings.themeDark': 'Dark',
  'settings.fontSize': 'Text size',
  'settings.smaller': 'Smaller text',
  'settings.larger': 'Larger text',
  'settings.language': 'Interface language',
  'settings.languageAuto': 'Follow the edition',
  'settings.close': 'Close',
  'add.title': 'Add articles',
  'add.url': 'Article, section or feed address',
  'add.kind': 'What it is',
  'add.article': 'Article',
  'add.section': 'Section',
  'add.feed': 'Feed',
  'add.start': 'Download',
  'add.running': 'Downloading: {done} of {total}',
  'add.done': 'Saved {imported} new, {updated} updated, {unchanged} unchanged, {failed} failed.',
  'add.failed': 'The download stopped: {message}',
  'subs.title': 'Subscriptions',
  'subs.none': 'No section or feed is followed yet.',
  'subs.update': 'Update now',
  'subs.follow': 'Follow',
  'error.title': 'Something went wrong',
  'error.retry': 'Try again',
  'loading': 'Loading…',
  'keys.help': 'Keys: / search · j k move · Enter open · Esc back',
};

export type Key = keyof typeof en;
type Catalog = Record<Key, string>;

const zh: Catalog = {
  'app.name': 'Broadsheet 离线报刊',
  'nav.editions': '版本',
  'nav.skip': '跳到正文',
  'edition.all': '全部版本',
  'library.title': '文库',
  'library.count': '{count} 篇文章',
  'library.empty': '这里还没有文章。用“添加”或 `broadsheet fetch` 保存文章。',
  'library.emptyFilter': '没有符合条件的文章。',
  'library.more': '显示更多',
  'library.sections': '栏目',
  'library.allSections': '全部栏目',
  'filter.label': '显示',
  'filter.all': '全部',
  'filter.unread': '未读',
  'filter.favourites': '收藏',
  'article.by': '作者：{name}',
  'article.source': '来源：{name}',
  'article.editor': '责任编辑：{name}',
  'article.beijing': '北京时间',
  'article.alsoIn': '其他版本：',
  'article.back': '返回',
  'article.favourite': '收藏',
  'article.unfavourite': '取消收藏',
  'article.read': '已读',
  'article.original': '原网页',
  'article.breadcrumb': '位置',
  'article.notFound': '文库中没有这篇文章。',
  'article.image': '图片',
  'article.imageMissing': '图片未保存',
  'article.next': '下一篇',
  'article.previous': '上一篇',
  'bilingual.label': '语言',
  'bilingual.interleaved': '中英对照',
  'bilingual.en': '仅英文',
  'bilingual.zh': '仅中文',
  'bilingual.side': '左右并排',
  'search.label': '搜索文库',
  'search.placeholder': '搜索文章',
  'search.results': '“{query}”共 {count} 条结果',
  'search.none': '没有与“{query}”匹配的文章。',
  'search.noneHint': '试试减少关键词、换一种写法，或去掉筛选条件。',
  'search.error': '无法搜索：{message}',
  'search.sort': '排序',
  'search.relevance': '相关度',
  'search.date': '最新',
  'search.suggestions': '搜索建议',
  'search.facetEdition': '版本',
  'search.facetSection': '栏目',
  'search.facetYear': '年份',
  'search.clearFilter': '清除筛选',
  'search.prev': '上一页',
  'search.next': '下一页',
  'search.page': '第 {page} 页，共 {pages} 页',
  'settings.title': '设置',
  'settings.theme': '外观',
  'settings.themeSystem': '跟随系统',
  'settings.themeLight': '浅色',
  'settings.themeDark': '深色',
  'settings.fontSize': '字号',
  'settings.smaller': '缩小字号',
  'settings.larger': '放大字号',
  'settings.language': '界面语言',
  'settings.languageAuto': '跟随版本',
  'settings.close': '关闭',
  'add.title': '添加文章',
  'add.url': '文章、栏目或订阅源地址',
  'add.kind': '类型',
  'add.article': '文章',
  'add.section': '栏目',
  'add.feed': '订阅源',
  'add.start': '下载',
  'add.running': '正在下载：{done} / {total}',
  'add.done': '新增 {imported} 篇，更新 {updated} 篇，未变 {unchanged} 篇，失败 {failed} 篇。',
  'add.failed': '下载中止：{message}',
  'subs.title': '订阅',
  'subs.none': '还没有订阅任何栏目或订阅源。',
  'subs.update': '立即更新',
  'subs.follow': '订阅',
  'error.title': '出错了',
  'error.retry': '重试',
  'loading': '加载中…',
  'keys.help': '快捷键：/ 搜索 · j k 上下移动 · Enter 打开 · Esc 返回',
};

const fr: Catalog = {
  'app.name': 'Broadsheet',
  'nav.editions': 'Éditions',
  'nav.skip': 'Aller au contenu',
  'edition.all': 'Toutes les éditions',
  'library.title': 'Bibliothèque',
  'library.count': '{count} articles',
  'library.empty': 'Rien ici pour l’instant. Enregistrez des articles avec « Ajouter » ou `broadsheet fetch`.',
  'library.emptyFilter': 'Aucun article ne correspond à ces filtres.',
  'library.more': 'Afficher plus',
  'library.sections': 'Rubriques',
  'library.allSections': 'Toutes les rubriques',
  'filter.label': 'Afficher',
  'filter.all': 'Tout',
  'filter.unread': 'Non lus',
  'filter.favourites': 'Favoris',
  'article.by': 'Par {name}',
  'article.source': 'Source : {name}',
  'article.editor': 'Édition : {name}',
  'article.beijing': 'heure de Pékin',
  'article.alsoIn': 'Aussi en :',
  'article.back': 'Retour',
  'article.favourite': 'Favori',
  'article.unfavourite': 'Retirer des favoris',
  'article.read': 'Lu',
  'article.original': 'Page d’origine',
  'article.breadcrumb': 'Fil d’Ariane',
  'article.notFound': 'Cet article n’est pas dans la bibliothèque.',
  'article.image': 'Image',
  'article.imageMissing': 'Image non enregistrée',
  'article.next': 'Article suivant',
  'article.previous': 'Article précédent',
  'bilingual.label': 'Langues',
  'bilingual.interleaved': 'Alterné',
  'bilingual.en': 'Anglais seul',
  'bilingual.zh': 'Chinois seul',
  'bilingual.side': 'Côte à côte',
  'search.label': 'Rechercher dans la bibliothèque',
  'search.placeholder': 'Rechercher des articles',
  'search.results': '{count} résultats pour « {query} »',
  'search.none': 'Aucun article ne correspond à « {query} ».',
  'search.noneHint': 'Essayez moins de mots, une autre orthographe, ou retirez un filtre.',
  'search.error': 'Cette recherche est impossible : {message}',
  'search.sort': 'Trier par',
  'search.relevance': 'Pertinence',
  'search.date': 'Plus récents',
  'search.suggestions': 'Suggestions',
  'search.facetEdition': 'Édition',
  'search.facetSection': 'Rubrique',
  'search.facetYear': 'Année',
  'search.clearFilter': 'Retirer le filtre',
  'search.prev': 'Page précédente',
  'search.next': 'Page suivante',
  'search.page': 'Page {page} sur {pages}',
  'settings.title': 'Réglages',
  'settings.theme': 'Thème',
  'settings.themeSystem': 'Système',
  'settings.themeLight': 'Clair',
  'settings.themeDark': 'Sombre',
  'settings.fontSize': 'Taille du texte',
  'settings.smaller': 'Texte plus petit',
  'settings.larger': 'Texte plus grand',
  'settings.language': 'Langue de l’interface',
  'settings.languageAuto': 'Suivre l’édition',
  'settings.close': 'Fermer',
  'add.title': 'Ajouter des articles',
  'add.url': 'Adresse d’un article, d’une rubrique ou d’un flux',
  'add.kind': 'Type',
  'add.article': 'Article',
  'add.section': 'Rubrique',
  'add.feed': 'Flux',
  'add.start': 'Télécharger',
  'add.running': 'Téléchargement : {done} sur {total}',
  'add.done': '{imported} nouveaux, {updated} mis à jour, {unchanged} inchangés, {failed} en échec.',
  'add.failed': 'Le téléchargement s’est arrêté : {message}',
  'subs.title': 'Abonnements',
  'subs.none': 'Aucune rubrique ni aucun flux suivi pour l’instant.',
  'subs.update': 'Mettre à jour',
  'subs.follow': 'Suivre',
  'error.title': 'Un problème est survenu',
  'error.retry': 'Réessayer',
  'loading': 'Chargement…',
  'keys.help': 'Touches : / rechercher · j k se déplacer · Entrée ouvrir · Échap retour',
};

export const CATALOGS: Record<Lang, Catalog> = { en, zh, fr };

/** The words for `key` in `lang`, with {placeholders} filled in. */
export function translate(lang: Lang, key: Key, params: Record<string, string | number> = {}): string {
  const text = CATALOGS[lang][key] ?? CATALOGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? formatValue(lang, params[name]) : whole,
  );
}

function formatValue(lang: Lang, v: string | number): string {
  return typeof v === 'number' ? formatNumber(lang, v) : v;
}

export function formatNumber(lang: Lang, n: number): string {
  return new Intl.NumberFormat(LOCALE[lang]).format(n);
}

/**
 * A publication time in the interface's locale, shown in Beijing time (the
 * site's own clock), e.g. `26 Nov 2026, 16:30`, `2026年11月26日 16:30`.
 */
export function formatDate(lang: Lang, iso: string | null, withTime = true): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(LOCALE[lang], {
    dateStyle: 'medium',
    timeStyle: withTime ? 'short' : undefined,
    timeZone: 'Asia/Shanghai',
  }).format(d);
}
